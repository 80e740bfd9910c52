import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  startEmulator,
  type EmulatorOptions,
} from '../../src/emulator/server.js';
import {
  clientFor,
  rawCall,
  requestsOf,
  tasksOf,
  type ClientResult,
  createTask,
} from './helpers.js';

const WORKSPACE = [{ projectId: '42', region: 'cn-shanghai' }];

async function createOnce(
  options: EmulatorOptions,
  runtime: { readTimeout?: number } = {},
): Promise<{ result: ClientResult; created: boolean; fault?: string }> {
  const emu = await startEmulator({ workspaces: WORKSPACE, ...options });
  const call = clientFor(emu.url, undefined, runtime);

  const result = await createTask(call, '42', 'f');
  const created = (await tasksOf(emu.url)).length === 1;
  const fault = (await requestsOf(emu.url))[0]?.fault;
  await emu.close();
  return { result, created, fault };
}

describe('injected faults', () => {
  test(
    'an error fault answers 500 or 503 before the call takes effect',
    async () => {
      const { result, created } = await createOnce({ errorRate: 1 });

      assert.equal(result.ok, false);
      assert.ok(
        (!result.ok && result.status === 500 &&
          result.code === 'InternalError.System') ||
          (!result.ok && result.status === 503 &&
            result.code === 'ServiceUnavailable'),
        `unexpected ${JSON.stringify(!result.ok && result.code)}`,
      );
      assert.equal(created, false);
    },
  );

  test('a reset fault drops the connection and creates nothing', async () => {
    const { result, created, fault } = await createOnce({ resetRate: 1 });

    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.status, undefined);
    assert.equal(created, false);
    assert.equal(fault, 'reset');
  });

  test(
    'an HTML 502 fault makes the client throw a bare SyntaxError',
    async () => {
      const { result, created } = await createOnce({ html502Rate: 1 });

      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error instanceof SyntaxError);
      assert.equal(created, false);
    },
  );

  test('the HTML 502 page is sent as text/html with status 502', async () => {
    const emu = await startEmulator({ workspaces: WORKSPACE, html502Rate: 1 });

    const result = await rawCall(emu.url, {
      body: 'ProjectId=42&MigrationType=EXPORT',
    });
    await emu.close();

    assert.equal(result.status, 502);
    assert.equal(result.headers['content-type'], 'text/html');
    assert.match(result.text, /<title>502 Bad Gateway<\/title>/);
  });

  test('a lost response (reset mode) leaves the task created', async () => {
    const { result, created, fault } = await createOnce({ loseRate: 1 });

    assert.equal(result.ok, false);
    assert.equal(created, true);
    assert.equal(fault, 'lose');
  });

  test(
    'a lost response (delay mode) times the client out, task created',
    async () => {
      const { result, created } = await createOnce(
        { loseRate: 1, loseMode: 'delay', loseDelayMs: 60_000 },
        { readTimeout: 200 },
      );

      assert.equal(result.ok, false);
      assert.match(String(!result.ok && result.error), /timeout/i);
      assert.equal(created, true);
    },
  );

  test('latency is drawn within the configured range', async () => {
    const emu = await startEmulator({ workspaces: WORKSPACE, latency: '1-5' });
    const call = clientFor(emu.url);

    for (let i = 0; i < 8; i++) {
      await call('ListMigrations', {
        ProjectId: '42',
        MigrationType: 'EXPORT',
      });
    }
    const latencies = (await requestsOf(emu.url)).map((r) => r.latencyMs);
    await emu.close();

    assert.equal(latencies.length, 8);
    for (const ms of latencies) {
      assert.ok(ms !== undefined && ms >= 1 && ms <= 5);
    }
  });

  test('admin endpoints are never faulted', async () => {
    const emu = await startEmulator({ workspaces: WORKSPACE, errorRate: 1 });

    const response = await fetch(`${emu.url}/__emulator/health`);
    await emu.close();

    assert.equal(response.status, 200);
  });
});

describe('seeded faults', () => {
  const faulty: EmulatorOptions = {
    workspaces: WORKSPACE,
    writeQps: 1000,
    errorRate: 0.2,
    resetRate: 0.2,
    html502Rate: 0.1,
    loseRate: 0.1,
  };
  const names = Array.from({ length: 30 }, (_, i) => `task-${i}`);

  async function outcomes(
    seed: number,
    order: string[],
    parallel = false,
  ): Promise<Map<string, string>> {
    const emu = await startEmulator({ ...faulty, seed });
    const call = clientFor(emu.url);
    const run = async (name: string): Promise<[string, string]> => {
      const r = await createTask(call, '42', name);
      return [name, r.ok ? 'ok' : String(r.status ?? r.code ?? 'error')];
    };

    const pairs = parallel
      ? await Promise.all(order.map(run))
      : await sequential(order, run);
    const tasks = (await tasksOf(emu.url)).map((t) => t.name).sort();
    await emu.close();
    return new Map([...pairs, ['tasks', tasks.join(',')]]);
  }

  test('the same seed gives the same faults, call for call', async () => {
    const first = await outcomes(7, names);
    const second = await outcomes(7, names);

    assert.deepEqual(second, first);
    assert.ok([...first.values()].some((v) => v !== 'ok'), 'no fault at all');
  });

  test(
    'the same seed gives the same faults in any order, concurrently',
    async () => {
      const first = await outcomes(7, names);
      const shuffled = await outcomes(7, [...names].reverse(), true);

      assert.deepEqual(shuffled, first);
    },
  );

  test('another seed gives other faults', async () => {
    const first = await outcomes(7, names);
    const other = await outcomes(8, names);

    assert.notDeepEqual(other, first);
  });
});

async function sequential<T, R>(
  items: T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}
