import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_ACCESS_KEY_ID } from '../../src/emulator/server.js';
import {
  duplicatesOn,
  emulatorFor,
  finished,
  readReport,
  runCli,
  spawnCli,
  tempDir,
  writeManifest,
} from './harness.js';
import { compareIds } from '../../src/plan/plan.js';

function creates(emulator: RunningEmulator) {
  return emulator.requests()
    .filter((r) => r.action === 'CreateExportMigration');
}

/** Resolve once the emulator has seen `count` more create calls. */
async function afterCreates(
  emulator: RunningEmulator,
  count: number,
  exited: () => boolean,
): Promise<void> {
  const start = creates(emulator).length;
  while (!exited() && creates(emulator).length < start + count) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Journal lines of a killed run: intents whose calls got no answer. */
async function unansweredJournal(
  stateDir: string,
  tasks: [string, string][],
): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const time = new Date().toISOString();
  const lines = tasks.map(([projectId, name]) => JSON.stringify({
    type: 'intent', runId: 'killed', time, projectId, name, attempt: 1,
  }));
  await writeFile(join(stateDir, 'journal.jsonl'), lines.join('\n') + '\n');
}

function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 1_000) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

describe('safe apply', () => {
  it('loses and doubles nothing across 20 kill -9 and reruns', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 5, tasksPerWorkspace: 30 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, {
      duplicateNames: 'allow',
      latency: '2-15',
      loseRate: 0.05,
      writeQps: 1_000,
      seed: 3,
    });
    const args = ['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state'), '--qps', '200', '--concurrency', '8', manifest];

    for (let kill = 0; kill < 20; kill++) {
      const child = spawnCli(args);
      const done = finished(child);
      let exited = false;
      void done.then(() => (exited = true));
      await afterCreates(emulator, (kill % 5) + 1, () => exited);
      child.kill('SIGKILL');
      await done;
    }
    const final = await runCli([...args.slice(0, -1), '--out',
      join(dir, 'out'), manifest]);
    const report = await readReport(join(dir, 'out'));
    const server = emulator.migrations();
    const dups = duplicatesOn(emulator);
    await emulator.close();

    assert.equal(final.code, 0, final.stderr.slice(-2_000));
    assert.deepEqual(dups, []);
    assert.equal(server.length, 150);
    const ids = new Map(server.map((m) => [m.name, m.id]));
    assert.equal(report.tasks.length, 150);
    for (const t of report.tasks) assert.equal(t.taskId, ids.get(t.name));
  });

  it('refuses a second run on the same state folder', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 2, tasksPerWorkspace: 20 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, { latency: 20 });
    const args = ['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state'), manifest];

    const results = await Promise.all([runCli(args), runCli(args)]);
    const dups = duplicatesOn(emulator);
    await emulator.close();

    const refused = results.filter((r) => r.code === 3);
    const ran = results.filter((r) => r.code === 0);
    assert.equal(refused.length, 1);
    assert.equal(ran.length, 1);
    assert.match(refused[0]!.stderr, /STATE_LOCKED.*in use by run/);
    assert.doesNotMatch(refused[0]!.stderr, /apply starting/);
    assert.match(ran[0]!.stderr, /apply starting/);
    assert.deepEqual(dups, []);
  });

  it('takes over the stale lock of a crashed run', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 1, tasksPerWorkspace: 2 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape);
    const state = join(dir, 'state');
    await mkdir(state, { recursive: true });
    await writeFile(join(state, 'lock'), JSON.stringify({
      pid: 2 ** 22 + 17, host: hostname(), runId: 'crashed', startedAt: 'x',
    }));

    const result = await runCli(['apply', '--endpoint', emulator.url,
      '--state', state, manifest]);
    await emulator.close();

    assert.equal(result.code, 0, result.stderr);
  });

  it('never starts more create calls in a second than the budget', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 4, tasksPerWorkspace: 15 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, { writeQps: 1_000 });

    const result = await runCli(['apply', '--endpoint', emulator.url,
      '--state', join(dir, 'state'), '--qps', '10', '--concurrency', '32',
      manifest]);
    const times = creates(emulator).map((r) => Date.parse(r.time));
    await emulator.close();

    assert.equal(result.code, 0, result.stderr);
    assert.equal(times.length, 60);
    assert.ok(maxInAnySecond(times) <= 10, `max ${maxInAnySecond(times)}`);
  });

  it('stops within a few calls when the key is revoked halfway', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 4, tasksPerWorkspace: 50 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, { writeQps: 1_000 });
    const child = spawnCli(['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state'), '--qps', '50', '--concurrency', '8',
      '--out', join(dir, 'out'), manifest]);
    const done = finished(child);
    let exited = false;
    void done.then(() => (exited = true));

    await afterCreates(emulator, 40, () => exited);
    emulator.disableAccount(DEMO_ACCESS_KEY_ID);
    const revokedAt = emulator.requests().length;
    const result = await done;
    const after = emulator.requests().length - revokedAt;
    const report = await readReport(join(dir, 'out'));
    await emulator.close();

    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout + result.stderr, /InvalidAccessKeyId\.Inactive/);
    assert.ok(after <= 12, `${after} calls after the revocation`);
    assert.ok(report.summary['not-started']! > 100);
  });

  it('on SIGINT starts nothing new, reports, and exits 130', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 4, tasksPerWorkspace: 50 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, { latency: '5-20' });
    const args = ['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state'), '--qps', '40'];
    const child = spawnCli([...args, '--out', join(dir, 'one'), manifest]);
    const done = finished(child);
    let exited = false;
    void done.then(() => (exited = true));

    await afterCreates(emulator, 20, () => exited);
    child.kill('SIGINT');
    const first = await done;
    const partial = await readReport(join(dir, 'one'));
    const rerun = await runCli([...args, '--out', join(dir, 'two'), manifest]);
    const report = await readReport(join(dir, 'two'));
    const dups = duplicatesOn(emulator);
    await emulator.close();

    assert.equal(first.code, 130, first.stderr);
    assert.ok(partial.summary['not-started']! > 0);
    assert.equal(rerun.code, 0, rerun.stderr);
    const { created = 0, existing = 0 } = report.summary;
    assert.equal(created + existing, 200);
    assert.deepEqual(dups, []);
  });
});

describe('a rerun after a kill', () => {
  it('creates the never-tried tasks before the unanswered ones', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 2, tasksPerWorkspace: 10 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape);
    const state = join(dir, 'state');
    // More unanswered tasks than workers (2 per call slot): taken in
    // plan order, they alone would hold every worker for the settle time.
    const unsure = ['30001', '30002'].flatMap((id) =>
      [0, 1, 2, 3].map((t): [string, string] =>
        [id, `export_${id}_${String(t).padStart(4, '0')}`]));
    await unansweredJournal(state, unsure);

    const result = await runCli(['apply', '--endpoint', emulator.url,
      '--state', state, '--concurrency', '2', '--qps', '100',
      '--timeout', '3000', manifest]);
    const made = [...emulator.migrations()]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((m) => m.name);
    const dups = duplicatesOn(emulator);
    await emulator.close();

    assert.equal(result.code, 0, result.stderr);
    assert.equal(made.length, 20);
    assert.deepEqual(dups, []);
    const unsureNames = new Set(unsure.map(([, name]) => name));
    const firstUnsure = made.findIndex((name) => unsureNames.has(name));
    assert.equal(firstUnsure, 12, made.join(' '));
    assert.match(result.stderr, /earlier run left calls unanswered.*tasks=8/);
    assert.doesNotMatch(result.stderr, /MaxListenersExceeded/);
  });
});

describe('an endpoint that does not answer', () => {
  it('aborts the run with exit code 3 and says which endpoint', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, {
      workspaces: 2,
      tasksPerWorkspace: 3,
    });

    const result = await runCli(['apply', '--endpoint', 'http://127.0.0.1:9',
      '--state', join(dir, 'state'), '--max-attempts', '2', manifest]);

    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout, /127\.0\.0\.1:9 does not answer/);
  });
});

describe('a second interrupt', () => {
  it('stops at once, and the rerun still creates each task once', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 2, tasksPerWorkspace: 30 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, {
      duplicateNames: 'allow',
      latency: 1_500,
    });
    const args = ['apply', '--endpoint', emulator.url, '--state',
      join(dir, 'state'), '--qps', '100', manifest];
    const child = spawnCli(args);
    const done = finished(child);
    let exited = false;
    void done.then(() => (exited = true));

    await afterCreates(emulator, 3, () => exited);
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const first = await done;
    const inFlight = emulator.migrations().length;
    const rerun = await runCli(args);
    const dups = duplicatesOn(emulator);
    const total = emulator.migrations().length;
    await emulator.close();

    assert.equal(first.code, 130);
    assert.match(first.stderr, /stopped at once/);
    assert.ok(inFlight < 60, 'the first run did not run to the end');
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(dups, []);
    assert.equal(total, 60);
  });
});
