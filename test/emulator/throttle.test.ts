import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/emulator/clock.js';
import { startEmulator } from '../../src/emulator/server.js';
import { kindOf, SlidingWindow } from '../../src/emulator/throttle.js';
import {
  clientFor,
  codeOf,
  rawCall,
  tasksOf,
  createTask,
} from './helpers.js';

const OTHER = { accessKeyId: 'other', accessKeySecret: 'other-secret' };
const DEMO = {
  accessKeyId: 'dwmigrate-demo',
  accessKeySecret: 'dwmigrate-demo-secret',
};

describe('the sliding window', () => {
  test('lets `rate` calls through per second and says when to retry', () => {
    const window = new SlidingWindow(2);

    const results = [0, 0, 0, 999, 1000].map((t) => window.take(t));

    assert.deepEqual(results, [
      { ok: true },
      { ok: true },
      { ok: false, retryAfterMs: 1000 },
      { ok: false, retryAfterMs: 1 },
      { ok: true },
    ]);
  });

  test('a rate below one spaces calls 1/rate seconds apart', () => {
    const window = new SlidingWindow(0.5);

    const results = [0, 1000, 2000].map((t) => window.take(t).ok);

    assert.deepEqual(results, [true, false, true]);
  });

  test('no one-second span ever carries more than the rate', () => {
    const window = new SlidingWindow(5);
    const accepted: number[] = [];
    for (let t = 0; t < 10000; t += 37) {
      if (window.take(t).ok) accepted.push(t);
    }

    const worst = Math.max(
      ...accepted.map((start) =>
        accepted.filter((t) => t >= start && t < start + 1000).length,
      ),
    );

    assert.equal(worst, 5);
  });

  test('Create and Start are writes; Get and List are reads', () => {
    const kinds = [
      'CreateExportMigration',
      'StartMigration',
      'GetMigrationSummary',
      'ListMigrations',
    ].map(kindOf);

    assert.deepEqual(kinds, ['write', 'write', 'read', 'read']);
  });
});

describe('throttling over HTTP (frozen clock, counted not timed)', () => {
  async function frozen() {
    const clock = new ManualClock();
    const emu = await startEmulator({
      clock,
      writeQps: 2,
      readQps: 3,
      config: {
        accounts: [DEMO, OTHER],
        workspaces: [
          { projectId: '10', region: 'cn-shanghai' },
          { projectId: '20', region: 'cn-beijing' },
        ],
      },
    });
    return { clock, emu };
  }

  test(
    'writes past the rate answer 429 Throttling.User and take no effect',
    async () => {
      const { emu } = await frozen();
      const call = clientFor(emu.url);

      const results = [];
      for (let i = 0; i < 5; i++) {
        results.push(await createTask(call, '10', `t${i}`));
      }
      const tasks = await tasksOf(emu.url);
      await emu.close();

      assert.deepEqual(
        results.map((r) => (r.ok ? 'ok' : `${r.status} ${r.code}`)),
        ['ok', 'ok', '429 Throttling.User', '429 Throttling.User',
          '429 Throttling.User'],
      );
      assert.deepEqual(tasks.map((t) => t.name), ['t0', 't1']);
    },
  );

  test(
    'a throttled answer hints when to retry in x-acs-retry-after',
    async () => {
      const { emu } = await frozen();
      const body = 'ProjectId=10&MigrationType=EXPORT';

      for (let i = 0; i < 3; i++) await rawCall(emu.url, { body });
      const result = await rawCall(emu.url, { body });
      await emu.close();

      assert.equal(result.status, 429);
      assert.equal(codeOf(result), 'Throttling.User');
      assert.equal(result.headers['x-acs-retry-after'], '1000');
    },
  );

  test(
    'reads, other accounts and other regions have their own budgets',
    async () => {
      const { emu } = await frozen();
      const demo = clientFor(emu.url);
      const other = clientFor(emu.url, OTHER);
      await createTask(demo, '10', 'a');
      await createTask(demo, '10', 'b');

      const read = await demo('ListMigrations', {
        ProjectId: '10',
        MigrationType: 'EXPORT',
      });
      const otherKey = await createTask(other, '10', 'c');
      const otherRegion = await createTask(demo, '20', 'd');
      const sameAgain = await createTask(demo, '10', 'e');
      await emu.close();

      assert.ok(read.ok && otherKey.ok && otherRegion.ok);
      assert.equal(!sameAgain.ok && sameAgain.code, 'Throttling.User');
    },
  );

  test('the budget comes back once the window has passed', async () => {
    const { emu, clock } = await frozen();
    const call = clientFor(emu.url);
    for (let i = 0; i < 3; i++) {
      await createTask(call, '10', `x${i}`);
    }

    clock.advance(1000);
    const later = await createTask(call, '10', 'x9');
    await emu.close();

    assert.ok(later.ok);
  });
});
