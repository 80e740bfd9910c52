import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  journalPath,
  loadState,
  snapshotText,
  StateWriter,
} from '../../src/emulator/persist.js';
import { startEmulator } from '../../src/emulator/server.js';
import { Store } from '../../src/emulator/state.js';
import { clientFor, createBody, createTask, tasksOf } from './helpers.js';

const BIG = 9007199254740993n;

describe('the state file', () => {
  let dir: string;
  let n = 0;
  const fresh = () => join(dir, `state-${++n}.json`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwmigrate-emulator-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a restart keeps every task and the next ID', async () => {
    const stateFile = fresh();
    const options = {
      stateFile,
      idStart: BIG,
      workspaces: [{ projectId: '12345', region: 'cn-shanghai' }],
    };
    const first = await startEmulator(options);
    const a = await clientFor(first.url)(
      'CreateExportMigration',
      createBody('12345', 'a'),
    );
    await first.close();

    const second = await startEmulator(options);
    const b = await clientFor(second.url)(
      'CreateExportMigration',
      createBody('12345', 'b'),
    );
    const tasks = await tasksOf(second.url);
    await second.close();

    assert.ok(a.ok && b.ok);
    assert.equal(a.data, BIG);
    assert.equal(b.data, BIG + 1n);
    assert.deepEqual(
      tasks.map((t) => [t.name, t.id]),
      [['a', '9007199254740993'], ['b', '9007199254740994']],
    );
  });

  test('a created task is on disk before its success answer', async () => {
    const stateFile = fresh();
    const emu = await startEmulator({
      stateFile,
      workspaces: [{ projectId: '1', region: 'cn-shanghai' }],
    });

    const result = await clientFor(emu.url)(
      'CreateExportMigration',
      createBody('1', 'durable'),
    );
    // Read while the emulator still runs: no final snapshot yet.
    const state = await loadState(stateFile);
    await emu.close();

    assert.ok(result.ok);
    assert.deepEqual(state.migrations.map((m) => m.name), ['durable']);
  });

  test('a duplicate name is still refused after a restart', async () => {
    const stateFile = fresh();
    const options = {
      stateFile,
      workspaces: [{ projectId: '1', region: 'cn-shanghai' }],
    };
    const first = await startEmulator(options);
    await createTask(clientFor(first.url), '1', 'x');
    await first.close();

    const second = await startEmulator(options);
    const again = await clientFor(second.url)(
      'CreateExportMigration',
      createBody('1', 'x'),
    );
    await second.close();

    assert.equal(!again.ok && again.code, 'InvalidParameter');
  });

  test('a workspace registered at run time survives a restart', async () => {
    const stateFile = fresh();
    const first = await startEmulator({ stateFile });
    await first.addWorkspace({ projectId: '31', region: 'cn-beijing' });
    await first.close();

    const second = await startEmulator({ stateFile });
    const result = await clientFor(second.url)('ListMigrations', {
      ProjectId: '31',
      MigrationType: 'EXPORT',
    });
    await second.close();

    assert.ok(result.ok);
  });

  test('a torn last journal line is ignored', async () => {
    const stateFile = fresh();
    const emu = await startEmulator({
      stateFile,
      workspaces: [{ projectId: '1', region: 'cn-shanghai' }],
    });
    await createTask(clientFor(emu.url), '1', 'kept');
    const journal = await readFile(journalPath(stateFile), 'utf8');
    await emu.close();
    // Simulate a crash: the journal as it was, plus half a line.
    await writeFile(journalPath(stateFile), `${journal}{"t":"migra`);

    const state = await loadState(stateFile);

    assert.deepEqual(state.migrations.map((m) => m.name), ['kept']);
  });

  test(
    'a corrupt line inside the journal is reported, not skipped',
    async () => {
      const stateFile = fresh();
      const text = 'garbage\n{"t":"nextId","n":"5"}\n';
      await writeFile(journalPath(stateFile), text);

      await assert.rejects(loadState(stateFile), /journal .*:1 is corrupt/);
    },
  );

  test('a file that is not emulator state is refused', async () => {
    const stateFile = fresh();
    await writeFile(stateFile, '{"hello": "world"}');

    await assert.rejects(
      loadState(stateFile),
      /not a dwmigrate emulator state/,
    );
  });

  test('the journal is folded into the snapshot once it grows', async () => {
    const stateFile = fresh();
    const store = new Store(1n);
    store.putWorkspace({ projectId: '1', region: 'cn-shanghai' });
    const writer = new StateWriter(
      stateFile,
      {
        size: () => store.size,
        text: () =>
          snapshotText(store.nextId, store.listWorkspaces(), store.all()),
      },
      undefined,
      5,
    );
    await writer.open();

    // 3 tasks, each written 4 times: 12 lines for 3 tasks.
    for (let i = 0; i < 12; i++) {
      const fields = { exportMode: 'FULL', createUser: 'u' } as const;
      const m = i < 3
        ? store.create({ ...fields, projectId: '1', name: `t${i}` }, i)
        : [...store.all()][i % 3];
      assert.ok(m);
      m.revision += 1;
      await writer.append({ t: 'migration', m: { ...m, id: String(m.id) } });
    }
    const journalLines = (await readFile(journalPath(stateFile), 'utf8'))
      .split('\n')
      .filter((line) => line !== '').length;
    const state = await loadState(stateFile);
    await writer.close();

    assert.ok(journalLines <= 6, `journal has ${journalLines} lines`);
    assert.equal(state.migrations.length, 3);
    assert.equal(state.nextId, 4n);
  });

  test('replaying an older record never undoes a newer one', async () => {
    const stateFile = fresh();
    const store = new Store(1n);
    store.putWorkspace({ projectId: '1', region: 'cn-shanghai' });
    const m = store.create(
      { projectId: '1', name: 'r', exportMode: 'FULL', createUser: 'u' },
      0,
    );
    const old = JSON.stringify({ t: 'migration', m: { ...m, id: '1' } });
    store.start(m, 10, 'u', 'success');
    await writeFile(
      stateFile,
      snapshotText(store.nextId, store.listWorkspaces(), store.all()),
    );
    await appendFile(journalPath(stateFile), `${old}\n`);

    const state = await loadState(stateFile);

    assert.equal(state.migrations[0]?.startTime, 10);
  });
});
