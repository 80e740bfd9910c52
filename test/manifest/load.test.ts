import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateManifests } from '../../bench/gen-manifests.js';
import { loadManifests } from '../../src/manifest/load.js';
import type { LoadResult } from '../../src/manifest/types.js';
import { FIXTURES, NOW, withTempDir, writeFiles } from './helpers.js';

const GOOD = path.join(FIXTURES, 'good');

function okResult(result: LoadResult) {
  assert.ok(result.ok, JSON.stringify(result.diagnostics, null, 2));
  return result;
}

function codes(result: LoadResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

describe('loadManifests: normalisation', () => {
  it('applies task > workspace defaults > document defaults', async () => {
    const result = okResult(await loadManifests(
      [path.join(GOOD, 'defaults-precedence.yaml')], { now: NOW }));

    const [inherits, own, documentOnly] = result.tasks;
    assert.deepEqual(
      { ...inherits, source: undefined },
      {
        projectId: '10001',
        region: 'cn-shanghai',
        name: 'inherits_workspace_defaults',
        exportMode: 'INCREMENTAL',
        incrementalSince: 1735660800000,
        exportObjectStatus: 'DEPLOYED',
        description: 'from the workspace defaults',
        source: undefined,
      },
    );
    assert.equal(own?.exportMode, 'FULL');
    assert.equal(own?.exportObjectStatus, 'SAVED');
    assert.equal(own?.description, 'from the task');
    assert.equal(own?.incrementalSince, undefined);
    assert.equal(documentOnly?.region, 'cn-hangzhou');
    assert.equal(documentOnly?.description, 'from the document defaults');
  });

  it('keeps a projectId beyond 2^53 exact', async () => {
    const result = okResult(await loadManifests(
      [path.join(GOOD, 'big-project-id.yaml')], { now: NOW }));

    assert.equal(result.workspaces[0]?.projectId, '9007199254740993');
    assert.equal(result.tasks[0]?.projectId, '9007199254740993');
  });

  it('merges the tasks of one projectId declared in two files', async () => {
    const result = okResult(await loadManifests(
      [path.join(GOOD, 'split-workspace')], { now: NOW }));

    assert.equal(result.workspaces.length, 1);
    assert.deepEqual(result.workspaces[0]?.tasks.map((t) => t.name),
      ['orders_full', 'payments_full']);
    assert.equal(result.workspaces[0]?.label, 'retail_dw');
    assert.equal(result.tasks[1]?.workspace, 'retail_dw');
  });

  it('shares task fields through anchors and merge keys', async () => {
    const result = okResult(await loadManifests(
      [path.join(GOOD, 'anchors-merge.yaml')], { now: NOW }));

    assert.deepEqual(result.tasks.map((t) => [t.name, t.exportObjectStatus]),
      [
        ['orders_incr', 'SUBMITTED'],
        ['payments_incr', 'SUBMITTED'],
        ['refunds_incr', 'DEPLOYED'],
      ]);
    assert.ok(result.tasks.every((t) => t.incrementalSince === 1748707200000));
  });

  it('records where each task was declared', async () => {
    const result = okResult(await loadManifests(
      [path.join(GOOD, 'minimal.yaml')], { now: NOW }));

    assert.deepEqual(result.tasks[0]?.source, {
      file: path.join(GOOD, 'minimal.yaml'),
      line: 6,
      column: 9,
    });
  });

  it('gives the hash of every file read', async () => {
    const file = path.join(GOOD, 'minimal.yaml');

    const result = await loadManifests([file], { now: NOW });

    assert.equal(result.files.length, 1);
    assert.match(result.files[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
  });
});

describe('loadManifests: text encodings and line ends', () => {
  it('keeps positions right with CRLF line ends', async () => {
    await withTempDir(async (dir) => {
      const text = [
        'workspaces:',
        '  - projectId: 10001',
        '    region: cn-hangzhou',
        '    exports:',
        '      - name: a',
        '        exportMode: FUL',
      ].join('\r\n');
      await writeFiles(dir, { 'crlf.yaml': text });

      const result = await loadManifests([dir], { now: NOW });

      const d = result.diagnostics[0];
      assert.deepEqual([d?.code, d?.line, d?.column, d?.endColumn],
        ['INVALID_VALUE', 6, 21, 24]);
      assert.equal(d?.snippet, '        exportMode: FUL');
    });
  });

  it('accepts a byte-order mark without shifting columns', async () => {
    await withTempDir(async (dir) => {
      await writeFiles(dir, { 'bom.yaml': '\ufeffworkspace: []\n' });

      const result = await loadManifests([dir], { now: NOW });

      assert.deepEqual(result.diagnostics.map((d) => [d.code, d.line,
        d.column]), [['UNKNOWN_KEY', 1, 1]]);
    });
  });

  it('reports UTF-16 text as not UTF-8', async () => {
    await withTempDir(async (dir) => {
      const utf16 = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('workspaces: []\n', 'utf16le'),
      ]);
      await writeFiles(dir, { 'utf16.yaml': utf16 });

      const result = await loadManifests([dir], { now: NOW });

      assert.deepEqual(codes(result), ['NOT_UTF8']);
      assert.match(result.diagnostics[0]?.message ?? '', /UTF-16/);
    });
  });

  it('warns about a file of zero bytes', async () => {
    await withTempDir(async (dir) => {
      await writeFiles(dir, { 'empty.yaml': '' });

      const result = await loadManifests([dir], { now: NOW });

      assert.equal(result.ok, true);
      assert.deepEqual(codes(result), ['EMPTY_FILE']);
    });
  });
});

describe('loadManifests: aliases', () => {
  it('stops an alias bomb with ALIAS_LIMIT, not expanding it', async () => {
    await withTempDir(async (dir) => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 12; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`)
          .join(', ')}]`);
      }
      await writeFiles(dir, { 'bomb.yaml': `${levels.join('\n')}\n` });

      const result = await loadManifests([dir], { now: NOW });

      assert.deepEqual(codes(result), ['ALIAS_LIMIT']);
    });
  });

  it('allows one anchor merged into thousands of tasks', async () => {
    await withTempDir(async (dir) => {
      const tasks = Array.from({ length: 3000 },
        (_, i) => `      - {<<: *common, name: t${i}}`);
      const text = [
        'workspaces:',
        '  - projectId: 10001',
        '    region: cn-hangzhou',
        '    defaults: &common {exportMode: FULL}',
        '    exports:',
        ...tasks,
      ].join('\n');
      await writeFiles(dir, { 'many.yaml': text });

      const result = okResult(await loadManifests([dir], { now: NOW }));

      assert.equal(result.tasks.length, 3000);
    });
  });
});

describe('loadManifests: worker threads', () => {
  it('give the same result as the calling thread alone', async () => {
    await withTempDir(async (dir) => {
      await generateManifests(dir, { files: 70, tasksPerFile: 4 });
      await writeFiles(dir, { 'zz-bad.yaml': 'workspaces: 1\n' });

      const alone = await loadManifests([dir], { now: NOW, threads: 1 });
      const pooled = await loadManifests([dir], { now: NOW, threads: 2 });

      assert.deepEqual(pooled, alone);
      assert.deepEqual(codes(pooled), ['WRONG_TYPE']);
    });
  });
});

describe('loadManifests: paths', () => {
  it('reports a missing path as a diagnostic', async () => {
    await withTempDir(async (dir) => {
      const result = await loadManifests(['nope.yaml'], { cwd: dir });

      assert.equal(result.ok, false);
      assert.deepEqual(result.diagnostics.map((d) => [d.code, d.file, d.line]),
        [['PATH_NOT_FOUND', 'nope.yaml', 0]]);
    });
  });

  it('reports a folder without manifests', async () => {
    await withTempDir(async (dir) => {
      await writeFiles(dir, { 'notes.txt': 'not a manifest' });

      const result = await loadManifests([dir]);

      assert.deepEqual(codes(result), ['NO_MANIFESTS']);
    });
  });

  it('searches folders recursively in a stable, sorted order', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'b'));
      await mkdir(path.join(dir, '.hidden'));
      const manifest = (id: number) =>
        `workspaces: [{projectId: ${id}, region: cn-hangzhou, ` +
        'exports: [{name: t, exportMode: FULL}]}]\n';
      await writeFiles(dir, {
        'c.yml': manifest(3),
        'a.yaml': manifest(1),
        'b/z.yaml': manifest(2),
        '.hidden/x.yaml': manifest(9),
      });

      const result = okResult(await loadManifests(['.'], { cwd: dir }));

      assert.deepEqual(result.files.map((f) => f.path),
        ['./a.yaml', './b/z.yaml', './c.yml']);
      assert.deepEqual(result.workspaces.map((w) => w.projectId),
        ['1', '2', '3']);
    });
  });

  it('reads a file named twice only once', async () => {
    const file = path.join(GOOD, 'minimal.yaml');

    const result = okResult(await loadManifests([file, file], { now: NOW }));

    assert.equal(result.files.length, 1);
  });
});

describe('loadManifests: the validation cache', () => {
  const invalid = [
    'workspaces:',
    '  - projectId: 10001',
    '    region: cn-hangzhou',
    '    exports:',
    '      - name: a',
    '        exportMode: FUL',
    '',
  ].join('\n');

  it('gives the same diagnostics warm as cold', async () => {
    await withTempDir(async (dir) => {
      await writeFiles(dir, { 'bad.yaml': invalid });
      const options = { cwd: dir, cacheDir: 'cache', now: NOW };

      const cold = await loadManifests(['bad.yaml'], options);
      const warm = await loadManifests(['bad.yaml'], options);

      assert.equal(warm.ok, false);
      assert.deepEqual(warm.diagnostics, cold.diagnostics);
      await readFile(path.join(dir, 'cache', 'validate.json'), 'utf8');
    });
  });

  it('never copies a file that holds a credential into the cache',
    async () => {
      await withTempDir(async (dir) => {
        await writeFiles(dir, {
          'good.yaml': invalid.replace('FUL', 'FULL'),
          'leak.yaml': [
            'workspaces:',
            '  - projectId: 10002',
            '    region: cn-hangzhou',
            '    exports:',
            '      - name: a',
            '        exportMode: FULL',
            '        description: &s abcSECRET6',
            '    secretKey: *s',
            '',
          ].join('\n'),
        });
        const options = { cwd: dir, cacheDir: 'cache', now: NOW };

        await loadManifests(['good.yaml', 'leak.yaml'], options);
        const cached = await readFile(
          path.join(dir, 'cache', 'validate.json'), 'utf8');

        assert.match(cached, /good\.yaml/);
        assert.doesNotMatch(cached, /abcSECRET6|leak\.yaml/);
      });
    });

  it('gives the same tasks warm as cold', async () => {
    await withTempDir(async (dir) => {
      const options = { cacheDir: path.join(dir, 'cache'), now: NOW };
      const paths = [path.join(GOOD, 'defaults-precedence.yaml'),
        path.join(GOOD, 'multi-document.yaml')];

      const cold = await loadManifests(paths, options);
      const warm = await loadManifests(paths, options);

      assert.deepEqual(warm, cold);
    });
  });

  it('never lets a cached result stand for changed bytes', async () => {
    await withTempDir(async (dir) => {
      const options = { cwd: dir, cacheDir: 'cache', now: NOW };
      await writeFiles(dir, { 'm.yaml': invalid.replace('FUL', 'FULL') });
      assert.equal((await loadManifests(['m.yaml'], options)).ok, true);

      await writeFiles(dir, { 'm.yaml': invalid });
      const result = await loadManifests(['m.yaml'], options);

      assert.deepEqual(codes(result), ['INVALID_VALUE']);
    });
  });

  it('rechecks the clock on a warm run', async () => {
    await withTempDir(async (dir) => {
      const text = invalid.replace('FUL',
        'INCREMENTAL\n        incrementalSince: 2026-03-01T00:00:00Z');
      await writeFiles(dir, { 'm.yaml': text });
      const options = { cwd: dir, cacheDir: 'cache' };

      const before = await loadManifests(['m.yaml'],
        { ...options, now: Date.UTC(2026, 5, 1) });
      const earlier = await loadManifests(['m.yaml'],
        { ...options, now: Date.UTC(2026, 0, 1) });

      assert.equal(before.ok, true);
      assert.deepEqual(codes(earlier), ['SINCE_IN_FUTURE']);
    });
  });

  it('treats a corrupt cache file as empty', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'cache'));
      await writeFile(path.join(dir, 'cache', 'validate.json'), '{"vers');
      await writeFiles(dir, { 'bad.yaml': invalid });

      const result = await loadManifests(['bad.yaml'],
        { cwd: dir, cacheDir: 'cache', now: NOW });

      assert.deepEqual(codes(result), ['INVALID_VALUE']);
    });
  });

  it('names a renamed file by its new name', async () => {
    await withTempDir(async (dir) => {
      const options = { cwd: dir, cacheDir: 'cache', now: NOW };
      await writeFiles(dir, { 'old.yaml': invalid });
      await loadManifests(['old.yaml'], options);
      await writeFiles(dir, { 'new.yaml': invalid });

      const result = await loadManifests(['new.yaml'], options);

      assert.deepEqual(result.diagnostics.map((d) => d.file), ['new.yaml']);
    });
  });
});
