/**
 * The fixture corpus: every bad manifest yields exactly the diagnostics its
 * `# expect: CODE line:column` comments list (a folder is one case, its
 * files checked together); every good manifest yields no error.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { loadManifests } from '../../src/manifest/load.js';
import { fakeContext, FIXTURES, NOW } from './helpers.js';

const BAD = path.join(FIXTURES, 'bad');
const GOOD = path.join(FIXTURES, 'good');

function cases(dir: string): string[] {
  return readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
}

function filesOf(fixture: string): string[] {
  if (!statSync(fixture).isDirectory()) return [fixture];
  return readdirSync(fixture).sort().map((n) => path.join(fixture, n));
}

/** `file CODE line:column` for each expectation in the fixture's files. */
function expectations(fixture: string): string[] {
  const out: string[] = [];
  for (const file of filesOf(fixture)) {
    // latin1 reads any bytes, including the invalid UTF-8 fixture.
    const text = readFileSync(file, 'latin1');
    const pattern = /^(?:\xEF\xBB\xBF)?# expect: (\w+)(?: (\d+):(\d+))?\r?$/gm;
    for (const m of text.matchAll(pattern)) {
      out.push(`${path.basename(file)} ${m[1]} ${m[2] ?? 0}:${m[3] ?? 0}`);
    }
  }
  return out.sort();
}

describe('bad manifest fixtures', () => {
  it('number at least forty', () => {
    assert.ok(cases(BAD).length >= 40, `only ${cases(BAD).length}`);
  });

  for (const name of cases(BAD)) {
    it(`${name} yields exactly the diagnostics it expects`, async () => {
      const fixture = path.join(BAD, name);
      const expected = expectations(fixture);

      const result = await loadManifests([fixture], { now: NOW });

      const actual = result.diagnostics
        .map((d) => `${path.basename(d.file)} ${d.code} ${d.line}:${d.column}`)
        .sort();
      assert.ok(expected.length > 0, 'the fixture states no expectation');
      assert.deepEqual(actual, expected);
    });
  }
});

describe('good manifest fixtures', () => {
  for (const name of cases(GOOD)) {
    it(`${name} loads with no error and at least one task`, async () => {
      const result = await loadManifests([path.join(GOOD, name)], { now: NOW });

      assert.deepEqual(result.diagnostics, []);
      assert.equal(result.ok, true);
      assert.ok(result.ok && result.tasks.length > 0);
    });
  }
});

describe('robustness over every fixture', () => {
  const all = [
    ...cases(BAD).map((n) => path.join(BAD, n)),
    ...cases(GOOD).map((n) => path.join(GOOD, n)),
  ];

  it('the loader never throws', async () => {
    for (const fixture of all) {
      await assert.doesNotReject(loadManifests([fixture]), fixture);
    }
  });

  it('validate prints no stack trace in any format', async () => {
    for (const fixture of all) {
      for (const format of ['text', 'json', 'github']) {
        const run = fakeContext(['--no-cache', '--format', format, fixture]);

        const code = await validateCommand.run(run.ctx);

        const output = run.stdout() + run.stderr();
        assert.ok(code === 0 || code === 2, `${fixture}: exit ${code}`);
        assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+\)?\n/, fixture);
        assert.doesNotMatch(output, /INTERNAL_ERROR/, fixture);
      }
    }
  });

  it('no output format shows any part of a secret value', async () => {
    const secrets = cases(BAD).filter((n) => n.startsWith('secret-'));
    assert.ok(secrets.length >= 7);

    for (const name of secrets) {
      for (const format of ['text', 'json', 'github']) {
        const run = fakeContext(['--no-cache', '--format', format,
          path.join(BAD, name)]);

        await validateCommand.run(run.ctx);

        const output = run.stdout() + run.stderr();
        assert.match(output, /SECRET_IN_MANIFEST/, `${name} ${format}`);
        // Every secret value in the fixtures ends in DO-NOT-ECHO-<digit>.
        assert.doesNotMatch(output, /ECHO|NOT-|-\d\b/, `${name} ${format}`);
      }
    }
  });
});
