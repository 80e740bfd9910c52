/**
 * Every command of the built CLI, run as a process: help, version, and
 * validate and plan against the emulator over HTTP.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_ACCESS_KEY_ID } from '../../src/emulator/server.js';
import { clientFor, createTask } from '../emulator/helpers.js';
import {
  emulatorFor,
  runCli,
  tempDir,
  writeManifest,
} from './harness.js';

const COMMANDS = ['validate', 'plan', 'apply', 'report', 'emulator'];

interface PlanJson {
  summary: Record<string, number>;
  workspaces: {
    projectId: string;
    error: { code: string } | null;
    tasks: { name: string; action: string; taskIds: string[] }[];
  }[];
}

function creates(requests: { action: string }[]): number {
  return requests.filter((r) => r.action === 'CreateExportMigration').length;
}

/**
 * A workspace of two manifest tasks whose first name the emulator
 * already holds twice (it accepts duplicate names).
 */
async function nameHeldTwice() {
  const dir = await tempDir();
  const shape = { workspaces: 1, tasksPerWorkspace: 2 };
  const manifest = await writeManifest(dir, shape);
  const emulator = await emulatorFor(shape, { duplicateNames: 'allow' });
  const call = clientFor(emulator.url);
  await createTask(call, '30001', 'export_30001_0001');
  await createTask(call, '30001', 'export_30001_0001');
  return { dir, manifest, emulator };
}

describe('help and version', () => {
  it('prints the package version with --version', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as {
      version: string;
    };

    const result = await runCli(['--version']);

    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), pkg.version);
  });

  for (const command of COMMANDS) {
    it(`shows usage and examples for ${command} --help`, async () => {
      const result = await runCli([command, '--help']);

      assert.equal(result.code, 0, result.stderr);
      const usage = new RegExp(`Usage:\\s+dwmigrate ${command}`);
      assert.match(result.stdout, usage);
      assert.match(result.stdout, /Examples:\n {2}dwmigrate /);
    });
  }

  it('refuses an unknown command with exit 2 and names the commands',
    async () => {
      const result = await runCli(['aplly']);

      assert.equal(result.code, 2);
      assert.match(result.stderr, /unknown command "aplly".*apply/);
    });
});

describe('dwmigrate validate', () => {
  it('passes the sample manifests with exit 0', async () => {
    const result = await runCli(['validate', '--no-cache', 'manifests']);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /8 workspaces, \d+ tasks in 3 files/);
  });

  it('lists every problem as JSON with exit 2', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.yaml');
    await writeFile(file, [
      'workspaces:',
      '  - projectId: 1',
      '    region: cn-hangzhou',
      '    exports:',
      '      - name: a',
      '        exportMode: FUL',
      '      - name: a',
      '        exportMode: FULL',
      '',
    ].join('\n'));

    const result = await runCli(['validate', '--no-cache', '--format',
      'json', file]);

    assert.equal(result.code, 2);
    const { valid, diagnostics } = JSON.parse(result.stdout) as {
      valid: boolean;
      diagnostics: { code: string; line: number }[];
    };
    const found = diagnostics.map((d) => `${d.code}@${d.line}`).sort();
    assert.equal(valid, false);
    assert.deepEqual(found, ['DUPLICATE_NAME@7', 'INVALID_VALUE@6']);
  });
});

describe('dwmigrate plan against the emulator', () => {
  it('shows what to create, exits 10, and creates nothing', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 2, tasksPerWorkspace: 3 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape);

    const result = await runCli(['plan', '--detailed-exitcode',
      '--endpoint', emulator.url, manifest]);
    const calls = emulator.requests();
    await emulator.close();

    assert.equal(result.code, 10, result.stderr);
    assert.match(result.stdout, /workspace 30001 \(cn-hangzhou\)/);
    assert.match(result.stdout, /\+ export_30002_0002 {2}create/);
    assert.match(result.stdout, /plan: 6 to create, 0 existing/);
    assert.equal(creates(calls), 0);
    assert.ok(calls.every((r) => r.action === 'ListMigrations'));
  });

  it('after apply, finds every task with its ID and exits 0', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 2, tasksPerWorkspace: 3 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape);
    const endpoint = ['--endpoint', emulator.url];
    await runCli(['apply', ...endpoint, '--state', join(dir, 'state'),
      manifest]);

    const result = await runCli(['plan', '--json', '--detailed-exitcode',
      ...endpoint, manifest]);
    const ids = new Map(emulator.migrations().map((m) => [m.name, m.id]));
    await emulator.close();

    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as PlanJson;
    assert.deepEqual(plan.summary,
      { create: 0, existing: 6, conflict: 0, unreadable: 0 });
    for (const t of plan.workspaces.flatMap((w) => w.tasks)) {
      assert.deepEqual(t.taskIds, [ids.get(t.name)], t.name);
    }
  });

  it('reports a name held twice on the server as a conflict', async () => {
    const { manifest, emulator } = await nameHeldTwice();

    const result = await runCli(['plan', '--json', '--endpoint',
      emulator.url, manifest]);
    await emulator.close();

    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as PlanJson;
    const twice = plan.workspaces[0]!.tasks.find(
      (t) => t.name === 'export_30001_0001');
    assert.equal(twice?.action, 'conflict');
    assert.equal(twice?.taskIds.length, 2);
    assert.equal(plan.summary.create, 1);
  });

  it('warns about a conflict in plan and apply, exit codes unchanged',
    async () => {
      const { dir, manifest, emulator } = await nameHeldTwice();
      const ids = emulator.migrations().map((m) => m.id);

      const plan = await runCli(['plan', '--endpoint', emulator.url,
        manifest]);
      const applied = await runCli(['apply', '--endpoint', emulator.url,
        '--state', join(dir, 'state'), manifest]);
      await emulator.close();

      assert.equal(plan.code, 0, plan.stderr);
      assert.equal(applied.code, 0, applied.stderr);
      for (const r of [plan, applied]) {
        assert.match(r.stderr, /several tasks share a name/);
        assert.match(r.stderr, new RegExp(`${ids[0]}, ${ids[1]}`));
        assert.match(r.stdout, /conflicts: 1 name held by several tasks/);
      }
      assert.match(plan.stdout, /1 conflict,/);
      assert.match(applied.stdout, /existing, 0 failed.*, 1 conflict\n/);
    });

  it('says which workspace it could not list, and exits 1', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(dir, {
      workspaces: 2,
      tasksPerWorkspace: 1,
    });
    const emulator = await emulatorFor({ workspaces: 1, tasksPerWorkspace: 1 });

    const result = await runCli(['plan', '--endpoint', emulator.url,
      manifest]);
    await emulator.close();

    assert.equal(result.code, 1);
    assert.match(result.stdout,
      /workspace 30002 .*\n {2}cannot list: Invalid\.Tenant\.ProjectNotExists/);
    assert.match(result.stdout, /1 workspace not listed/);
  });

  it('names the key it could not use without printing its secret',
    async () => {
      const dir = await tempDir();
      const shape = { workspaces: 1, tasksPerWorkspace: 1 };
      const manifest = await writeManifest(dir, shape);
      const emulator = await emulatorFor(shape);
      emulator.disableAccount(DEMO_ACCESS_KEY_ID);

      const result = await runCli(['plan', '--endpoint', emulator.url,
        manifest]);
      await emulator.close();

      assert.notEqual(result.code, 0);
      assert.match(result.stdout + result.stderr, /Inactive/);
      assert.doesNotMatch(result.stdout + result.stderr, /demo-secret/);
    });
});
