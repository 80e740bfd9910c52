import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/emulator/clock.js';
import {
  startEmulator,
  type RunningEmulator,
} from '../../src/emulator/server.js';
import { clientFor, createBody, createTask, tasksOf } from './helpers.js';

interface Page {
  Migrations: { Id: bigint; Name: string; Status: string }[];
  PageNumber: bigint;
  PageSize: bigint;
  TotalCount: bigint;
}

function dataOf<T>(result: Awaited<ReturnType<ReturnType<typeof clientFor>>>) {
  assert.ok(result.ok, `call failed: ${String(!result.ok && result.code)}`);
  return result.data as T;
}

describe('ListMigrations', () => {
  let emu: RunningEmulator;
  let call: ReturnType<typeof clientFor>;

  before(async () => {
    emu = await startEmulator({
      // 25 creates in a burst would pass the default 20 writes/s.
      writeQps: 1000,
      workspaces: [
        { projectId: '1', region: 'cn-hangzhou' },
        { projectId: '2', region: 'cn-hangzhou' },
      ],
    });
    call = clientFor(emu.url);
    for (let i = 0; i < 25; i++) {
      await createTask(call, '1', `task-${i}`);
    }
    await createTask(call, '2', 'elsewhere');
  });
  after(() => emu.close());

  test('pages default to number 1 and size 10', async () => {
    const page = dataOf<Page>(
      await call('ListMigrations', { ProjectId: '1', MigrationType: 'EXPORT' }),
    );

    assert.equal(page.PageNumber, 1n);
    assert.equal(page.PageSize, 10n);
    assert.equal(page.TotalCount, 25n);
    assert.equal(page.Migrations.length, 10);
  });

  test(
    'pages list one workspace by Id ascending, without overlap',
    async () => {
      const names: string[] = [];
      const ids: bigint[] = [];
      for (const number of ['1', '2', '3']) {
        const page = dataOf<Page>(
          await call('ListMigrations', {
            ProjectId: '1',
            MigrationType: 'EXPORT',
            PageNumber: number,
            PageSize: '10',
          }),
        );
        names.push(...page.Migrations.map((m) => m.Name));
        ids.push(...page.Migrations.map((m) => m.Id));
      }

      assert.equal(names.length, 25);
      assert.equal(new Set(names).size, 25);
      assert.equal(names.includes('elsewhere'), false);
      assert.deepEqual([...ids].sort((a, b) => (a < b ? -1 : 1)), ids);
    },
  );

  test('a page size above 100 answers 400 InvalidParameter', async () => {
    const result = await call('ListMigrations', {
      ProjectId: '1',
      MigrationType: 'EXPORT',
      PageSize: '101',
    });

    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'InvalidParameter');
  });

  test('a page size of 100 is accepted', async () => {
    const page = dataOf<Page>(
      await call('ListMigrations', {
        ProjectId: '1',
        MigrationType: 'EXPORT',
        PageSize: '100',
      }),
    );

    assert.equal(page.Migrations.length, 25);
  });

  test('IMPORT lists nothing: the emulator only holds exports', async () => {
    const page = dataOf<Page>(
      await call('ListMigrations', { ProjectId: '1', MigrationType: 'IMPORT' }),
    );

    assert.equal(page.TotalCount, 0n);
  });
});

describe('CreateExportMigration parameters', () => {
  let emu: RunningEmulator;
  let call: ReturnType<typeof clientFor>;

  before(async () => {
    emu = await startEmulator({
      workspaces: [{ projectId: '5', region: 'cn-beijing' }],
    });
    call = clientFor(emu.url);
  });
  after(() => emu.close());

  test('INCREMENTAL without IncrementalSince is refused', async () => {
    const result = await call(
      'CreateExportMigration',
      createBody('5', 'inc', { ExportMode: 'INCREMENTAL' }),
    );

    assert.equal(!result.ok && result.code, 'InvalidParameter');
  });

  test('INCREMENTAL with IncrementalSince is created with it', async () => {
    const result = await call(
      'CreateExportMigration',
      createBody('5', 'inc', {
        ExportMode: 'INCREMENTAL',
        IncrementalSince: '1589904000000',
        ExportObjectStatus: 'DEPLOYED',
        Description: 'weekly (delta) * ~',
      }),
    );

    assert.ok(result.ok);
    const task = (await tasksOf(emu.url)).find((t) => t.name === 'inc');
    assert.equal(task?.incrementalSince, '1589904000000');
    assert.equal(task?.exportObjectStatus, 'DEPLOYED');
    assert.equal(task?.description, 'weekly (delta) * ~');
  });

  test('an unknown ExportObjectStatus is refused', async () => {
    const result = await call(
      'CreateExportMigration',
      createBody('5', 'st', { ExportObjectStatus: 'PUBLISHED' }),
    );

    assert.equal(!result.ok && result.code, 'InvalidParameter');
  });

  test('a ProjectId that is not a long is refused', async () => {
    const result = await createTask(call, '5x', 'p');

    assert.equal(!result.ok && result.status, 400);
    assert.equal(!result.ok && result.code, 'InvalidParameter');
  });

  test('a duplicate name is refused by default and not created', async () => {
    await createTask(call, '5', 'twice');

    const second = await createTask(call, '5', 'twice');

    assert.equal(!second.ok && second.status, 400);
    assert.equal(!second.ok && second.code, 'InvalidParameter');
    const twins = (await tasksOf(emu.url)).filter((t) => t.name === 'twice');
    assert.equal(twins.length, 1);
  });
});

describe('duplicate names allowed', () => {
  test('a second task with the same name is created', async () => {
    const emu = await startEmulator({
      duplicateNames: 'allow',
      workspaces: [{ projectId: '5', region: 'cn-beijing' }],
    });
    const call = clientFor(emu.url);

    const first = await createTask(call, '5', 'dup');
    const second = await createTask(call, '5', 'dup');
    const tasks = await tasksOf(emu.url);
    await emu.close();

    assert.ok(first.ok && second.ok);
    assert.notEqual(first.data, second.data);
    assert.equal(tasks.filter((t) => t.name === 'dup').length, 2);
  });
});

describe('StartMigration and the export clock', () => {
  test('a started task goes INIT, EXPORTING, EXPORT_SUCCESS', async () => {
    const clock = new ManualClock();
    const emu = await startEmulator({
      clock,
      exportMs: 5000,
      workspaces: [{ projectId: '8', region: 'cn-beijing' }],
    });
    const call = clientFor(emu.url);
    const created = await createTask(call, '8', 'e');
    assert.ok(created.ok);
    const ids = { ProjectId: '8', MigrationId: String(created.data) };
    const status = async () =>
      dataOf<{ Status: string; DownloadUrl: string }>(
        await call('GetMigrationSummary', ids),
      );

    const initial = await status();
    const started = await call('StartMigration', ids);
    clock.advance(1000);
    const running = await status();
    const steps = dataOf<{ TaskStatus: string }[]>(
      await call('GetMigrationProcess', ids),
    );
    clock.advance(5000);
    const done = await status();
    await emu.close();

    assert.equal(initial.Status, 'INIT');
    assert.ok(started.ok);
    assert.equal(started.data, true);
    assert.equal(running.Status, 'EXPORTING');
    assert.ok(steps.some((s) => s.TaskStatus === 'RUNNING'));
    assert.equal(done.Status, 'EXPORT_SUCCESS');
    assert.match(done.DownloadUrl, /^http:\/\/127\.0\.0\.1:\d+\/__emulator\//);
  });

  test(
    'with an export error rate of 1 the task ends in EXPORT_ERROR',
    async () => {
      const clock = new ManualClock();
      const emu = await startEmulator({
        clock,
        exportMs: 10,
        exportErrorRate: 1,
        workspaces: [{ projectId: '8', region: 'cn-beijing' }],
      });
      const call = clientFor(emu.url);
      const created = await createTask(call, '8', 'e');
      assert.ok(created.ok);
      const ids = { ProjectId: '8', MigrationId: String(created.data) };

      await call('StartMigration', ids);
      clock.advance(20);
      const summary = await call('GetMigrationSummary', ids);
      await emu.close();

      assert.equal(dataOf<{ Status: string }>(summary).Status, 'EXPORT_ERROR');
    },
  );

  test('an unknown MigrationId is refused with InvalidParameter', async () => {
    const emu = await startEmulator({
      workspaces: [{ projectId: '8', region: 'cn-beijing' }],
    });

    const result = await clientFor(emu.url)('GetMigrationSummary', {
      ProjectId: '8',
      MigrationId: '424242',
    });
    await emu.close();

    assert.equal(!result.ok && result.code, 'InvalidParameter');
  });
});
