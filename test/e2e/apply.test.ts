import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  duplicatesOn,
  emulatorFor,
  readReport,
  runCli,
  tempDir,
  writeManifest,
} from './harness.js';

const shape = { workspaces: 3, tasksPerWorkspace: 7 };

describe('dwmigrate apply against the emulator', () => {
  it('creates every task, and the report agrees with the emulator', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape);
    const out = join(dir, 'out');

    const result = await runCli([
      'apply', '--endpoint', emulator.url, '--state', join(dir, 'state'),
      '--out', out, manifest,
    ]);
    const report = await readReport(out);
    const server = emulator.migrations();
    await emulator.close();

    assert.equal(result.code, 0, result.stderr);
    assert.equal(report.summary.created, 21);
    assert.equal(server.length, 21);
    const byName = new Map(server.map((m) => [m.name, m.id]));
    for (const task of report.tasks) {
      assert.equal(task.outcome, 'created');
      assert.equal(task.taskId, byName.get(task.name));
      assert.equal(task.source?.file, manifest);
    }
    assert.match(result.stdout, /21 created/);
  });

  it('creates nothing on a rerun: every task is existing, same ID', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape);
    const args = ['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state')];

    await runCli([...args, '--out', join(dir, 'one'), manifest]);
    const second = await runCli([...args, '--out', join(dir, 'two'), manifest]);
    const one = await readReport(join(dir, 'one'));
    const two = await readReport(join(dir, 'two'));
    const creates = emulator.requests()
      .filter((r) => r.action === 'CreateExportMigration');
    await emulator.close();

    assert.equal(second.code, 0, second.stderr);
    assert.equal(two.summary.existing, 21);
    assert.equal(two.summary.created, 0);
    assert.equal(creates.length, 21);
    const ids = new Map(one.tasks.map((t) => [t.name, t.taskId]));
    for (const t of two.tasks) assert.equal(t.taskId, ids.get(t.name));
    const options = one.run.options as Record<string, unknown>;
    assert.equal(options.maxFailures, null, 'no limit is null, not 0');
    assert.equal(options.timeoutMs, 10_000);
    assert.equal('callTimeoutMs' in options, false);
  });

  it('keeps task IDs above 2^53 exact from the wire to the report', async () => {
    const dir = await tempDir();
    const small = { workspaces: 1, tasksPerWorkspace: 3 };
    const manifest = await writeManifest(dir, small);
    const emulator = await emulatorFor(small, { idStart: '9007199254740993' });
    const out = join(dir, 'out');

    await runCli(['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state'), '--out', out, manifest]);
    const report = await readReport(out);
    await emulator.close();

    const ids = report.tasks.map((t) => t.taskId).sort();
    assert.deepEqual(ids, [
      '9007199254740993', '9007199254740994', '9007199254740995',
    ]);
  });

  it('refuses invalid manifests with file and line, calling nothing', async () => {
    const dir = await tempDir();
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, [
      'workspaces:',
      '  - projectId: 30001',
      '    region: cn-hangzhou',
      '    exports:',
      '      - name: missing_mode',
      '',
    ].join('\n'));
    const emulator = await emulatorFor(shape);

    const result = await runCli(['apply', '--endpoint', emulator.url,
      '--state', join(dir, 'state'), bad]);
    const requests = emulator.requests();
    await emulator.close();

    assert.equal(result.code, 2);
    assert.match(result.stderr, /bad\.yaml:5/);
    assert.equal(requests.length, 0);
  });

  it('survives 5xx, lost replies, resets and throttling with no duplicate',
    async () => {
      const dir = await tempDir();
      const faulty = { workspaces: 10, tasksPerWorkspace: 20 };
      const manifest = await writeManifest(dir, faulty);
      const emulator = await emulatorFor(faulty, {
        duplicateNames: 'allow',
        errorRate: 0.1,
        loseRate: 0.03,
        resetRate: 0.02,
        writeQps: 20,
        seed: 7,
      });
      const out = join(dir, 'out');

      const result = await runCli(['apply', '--endpoint', emulator.url,
        '--state', join(dir, 'state'), '--out', out, '--qps', '40',
        '--concurrency', '32', '--per-workspace', '8', manifest]);
      const report = await readReport(out);
      const server = emulator.migrations();
      const dups = duplicatesOn(emulator);
      await emulator.close();

      assert.equal(result.code, 0, result.stderr.slice(-2_000));
      assert.deepEqual(dups, []);
      assert.equal(server.length, 200);
      const byName = new Map(server.map((m) => [m.name, m.id]));
      for (const t of report.tasks) {
        assert.equal(t.taskId, byName.get(t.name), t.name);
      }
    });
});
