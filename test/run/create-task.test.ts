import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import winston from 'winston';
import type {
  CreateExportInput,
  DataWorksApi,
  MigrationInfo,
} from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import type { ApiErrorKind } from '../../src/api/errors.js';
import type { ExportTask } from '../../src/manifest/types.js';
import { RateBudget } from '../../src/run/budget.js';
import { RunControl } from '../../src/run/control.js';
import { createTask } from '../../src/run/create-task.js';
import type { TaskDeps } from '../../src/run/create-task.js';
import { Journal, readJournal } from '../../src/run/journal.js';

type Script = ('ok' | 'lost' | ApiErrorKind)[];

/** A workspace in memory whose create calls follow a script. */
class ScriptedApi implements DataWorksApi {
  tasks: MigrationInfo[] = [];
  creates = 0;
  #next = 100n;
  constructor(private script: Script) {}

  endpointOf() {
    return { url: 'http://x', host: 'x', protocol: 'http' as const };
  }

  async createExportMigration(_region: string, input: CreateExportInput) {
    this.creates++;
    const step = this.script.shift() ?? 'ok';
    if (step === 'ok' || step === 'lost') {
      const id = String(this.#next++);
      this.tasks.push({ id, name: input.name, status: 'INIT' });
      if (step === 'lost') throw error('ambiguous', 'ECONNRESET');
      return { taskId: id, requestId: 'req' };
    }
    throw error(step, step === 'throttled' ? 'Throttling.User' : step);
  }

  async listExportMigrations() {
    return { migrations: [...this.tasks], totalCount: this.tasks.length };
  }
}

function error(kind: ApiErrorKind, code: string): ApiError {
  return new ApiError({ kind, apiCode: code }, code);
}

const task: ExportTask = {
  projectId: '1',
  region: 'cn-hangzhou',
  name: 'export_sales',
  exportMode: 'FULL',
  source: { file: 'm.yaml', line: 1, column: 1 },
};

async function deps(api: ScriptedApi, control = new RunControl()) {
  const dir = await mkdtemp(join(tmpdir(), 'dwmigrate-task-'));
  const journal = await Journal.open(dir);
  const blocked = new Map<string, ApiError>();
  const d: TaskDeps = {
    api,
    writeBudget: new RateBudget({ qps: 1_000 }),
    policy: { maxAttempts: 5, baseMs: 1, capMs: 2, maxTotalWaitMs: 100 },
    journal,
    runId: 'r',
    control,
    hardSignal: new AbortController().signal,
    logger: winston.createLogger({ silent: true }),
    lookup: async (t) =>
      (await api.listExportMigrations()).migrations.filter(
        (m) => m.name === t.name,
      ),
    workspaceBlock: (t) => blocked.get(t.projectId),
    blockWorkspace: (t, e) => blocked.set(t.projectId, e),
    endpointAnswered: () => undefined,
    endpointUnreachable: () => undefined,
  };
  return { d, dir, journal, control };
}

describe('createTask', () => {
  it('creates the task once when the first call works', async () => {
    const api = new ScriptedApi(['ok']);
    const { d } = await deps(api);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'created');
    assert.equal(result.taskId, '100');
    assert.equal(api.tasks.length, 1);
  });

  it('adopts the task when the reply of a successful create was lost', async () => {
    const api = new ScriptedApi(['lost', 'ok']);
    const { d } = await deps(api);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'created');
    assert.equal(result.adopted, true);
    assert.equal(result.taskId, '100');
    assert.equal(api.creates, 1, 'no second create after a lost reply');
    assert.equal(api.tasks.length, 1);
  });

  it('creates again after a 5xx when the lookup finds nothing', async () => {
    const api = new ScriptedApi(['ambiguous', 'ok']);
    const { d } = await deps(api);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'created');
    assert.equal(result.adopted, false);
    assert.equal(api.tasks.length, 1);
  });

  it('retries a throttled call without looking anything up', async () => {
    const api = new ScriptedApi(['throttled', 'throttled', 'ok']);
    const { d } = await deps(api);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'created');
    assert.equal(result.attempts, 3);
  });

  it('stops the whole run on an auth error, creating nothing', async () => {
    const api = new ScriptedApi(['auth']);
    const { d, control } = await deps(api);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'not-started');
    assert.equal(result.error?.code, 'auth');
    assert.equal(control.reason?.kind, 'fatal');
  });

  it('fails a task that may exist when the run stops before a check', async () => {
    const api = new ScriptedApi(['ambiguous', 'ok']);
    const control = new RunControl();
    const { d } = await deps(api, control);
    d.lookup = async () => {
      control.stop({ kind: 'interrupted', message: 'x' });
      throw new ApiError({ kind: 'auth', apiCode: 'auth' }, 'revoked');
    };

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'failed');
    assert.equal(api.creates, 1);
  });

  it('fails the other tasks of a workspace without calls after a 403', async () => {
    const api = new ScriptedApi(['permission']);
    const { d } = await deps(api);

    await createTask(task, d);
    const second = await createTask({ ...task, name: 'other' }, d);

    assert.equal(second.outcome, 'failed');
    assert.equal(api.creates, 1);
  });

  it('gives up after the attempt cap, with the last error', async () => {
    const api = new ScriptedApi(Array(10).fill('unreachable'));
    const { d } = await deps(api);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'failed');
    assert.equal(api.creates, 5);
    assert.match(result.error!.message, /gave up after 5 calls/);
  });

  it('says one call, not retries, when only one call was allowed', async () => {
    const api = new ScriptedApi(Array(10).fill('unreachable'));
    const { d } = await deps(api);
    d.policy = { ...d.policy, maxAttempts: 1 };

    const result = await createTask(task, d);

    assert.equal(api.creates, 1);
    assert.match(result.error!.message, /gave up after 1 call:/);
    assert.doesNotMatch(result.error!.message, /retries/);
  });

  it('starts nothing once the run is stopped', async () => {
    const api = new ScriptedApi(['ok']);
    const control = new RunControl();
    control.stop({ kind: 'interrupted', message: 'x' });
    const { d } = await deps(api, control);

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'not-started');
    assert.equal(api.creates, 0);
  });

  it('adopts what an unanswered call of an earlier run created', async () => {
    const api = new ScriptedApi(['ok']);
    const { d } = await deps(api);
    d.unanswered = { since: Date.now() - 10_000, settleMs: 1_000 };
    api.tasks.push({ id: '7', name: task.name, status: 'INIT' });

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'created');
    assert.equal(result.adopted, true);
    assert.equal(result.taskId, '7');
    assert.equal(api.creates, 0);
  });

  it('waits for an unanswered earlier call to settle before creating', async () => {
    const api = new ScriptedApi(['ok']);
    const { d } = await deps(api);
    d.unanswered = { since: Date.now(), settleMs: 60 };
    let lookedUpAt = 0;
    const lookup = d.lookup;
    d.lookup = (t) => {
      lookedUpAt = Date.now();
      return lookup(t);
    };
    const start = Date.now();

    const result = await createTask(task, d);

    assert.equal(result.outcome, 'created');
    assert.ok(lookedUpAt - start >= 50, 'looked before the call settled');
  });

  it('journals the intent before the call and the outcome after', async () => {
    const api = new ScriptedApi(['ok']);
    const { d, dir, journal } = await deps(api);

    await createTask(task, d);
    await journal.close();
    const types = (await readJournal(dir)).map((r) => r.type);

    assert.deepEqual(types, ['intent', 'outcome']);
  });
});
