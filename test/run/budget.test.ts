import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BudgetRegistry, RateBudget } from '../../src/run/budget.js';

/** A clock that only moves when the budget waits. */
function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    wait: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function maxInAnySecond(times: number[]): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let count = 0;
    for (let j = i; j < times.length && times[j]! < times[i]! + 1_000; j++) {
      count++;
    }
    max = Math.max(max, count);
  }
  return max;
}

describe('RateBudget', () => {
  it('never lets more than the rate start within any second', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 20, ...clock });
    const starts: number[] = [];

    for (let i = 0; i < 200; i++) {
      await budget.acquire();
      starts.push(clock.now());
    }

    assert.ok(maxInAnySecond(starts) <= 20);
    assert.ok(starts.at(-1)! >= 9_000, 'paced, not bunched');
  });

  it('serves concurrent callers one slot each, in order', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 5, ...clock });
    const order: number[] = [];

    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => budget.acquire().then(() => order.push(i))),
    );

    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.ok(clock.now() >= 1_000);
  });

  it('slows down on throttling, once per window', () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 20, ...clock });

    budget.throttled();
    budget.throttled();
    budget.throttled();

    assert.equal(budget.rate, 17);
  });

  it('holds the lowered rate for two windows after throttling', () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 20, ...clock });
    budget.throttled();

    clock.advance(2_000);
    budget.succeeded();

    assert.equal(budget.rate, 17);
  });

  it('keeps cutting while throttling goes on, successes between', () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 50, ...clock });

    for (let window = 0; window < 6; window++) {
      budget.throttled();
      for (let i = 0; i < 22; i++) {
        clock.advance(50);
        budget.succeeded();
      }
    }

    assert.ok(Math.abs(budget.rate - 50 * 0.85 ** 6) < 1e-9);
  });

  it('climbs fast to just under the rate that met throttling', () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 20, ...clock });
    budget.throttled();
    clock.advance(2_050);
    budget.succeeded();

    clock.advance(500);
    budget.succeeded();
    const halfway = budget.rate;
    clock.advance(5_000);
    budget.succeeded();

    assert.ok(Math.abs(halfway - 18) < 1e-9, `halfway at ${halfway}`);
    assert.equal(budget.rate, 19);
  });

  it('probes slowly above that rate, up to the ceiling', () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 20, ...clock });
    budget.throttled();
    clock.advance(2_050);
    budget.succeeded();
    clock.advance(1_000);
    budget.succeeded();

    clock.advance(1_000);
    budget.succeeded();
    const afterOneSecond = budget.rate;
    clock.advance(60_000);
    budget.succeeded();

    assert.ok(Math.abs(afterOneSecond - 19.2) < 1e-9, `${afterOneSecond}`);
    assert.equal(budget.rate, 20);
  });

  it('loses at most a second of calls to a lone throttling', async () => {
    const calls = async (throttleAt: number | null) => {
      const clock = fakeClock();
      const budget = new RateBudget({ qps: 20, ...clock });
      let count = 0;
      while (clock.now() < 30_000) {
        await budget.acquire();
        count++;
        if (throttleAt !== null && clock.now() >= throttleAt) {
          budget.throttled();
          throttleAt = null;
        } else {
          budget.succeeded();
        }
      }
      return count;
    };

    const lost = (await calls(null)) - (await calls(5_000));

    assert.ok(lost > 0, 'the throttling slowed the budget down');
    assert.ok(lost <= 20, `lost ${lost} calls`);
  });

  it('honours a retry-after hint for every caller', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ qps: 100, ...clock });
    await budget.acquire();

    budget.throttled(5_000);
    await budget.acquire();

    assert.ok(clock.now() >= 5_000);
  });

  it('rejects waiting callers when the run stops', async () => {
    const budget = new RateBudget({ qps: 1 });
    const stop = new AbortController();
    await budget.acquire();

    const waiting = budget.acquire(stop.signal);
    stop.abort(new Error('stop'));

    await assert.rejects(waiting, /stop/);
  });
});

describe('BudgetRegistry', () => {
  it('shares a budget per key, region and kind of call', () => {
    const registry = new BudgetRegistry({ write: 7 });

    const a = registry.get('key', 'cn-hangzhou', 'write');
    const b = registry.get('key', 'cn-hangzhou', 'write');
    const read = registry.get('key', 'cn-hangzhou', 'read');
    const other = registry.get('key', 'cn-shanghai', 'write');

    assert.equal(a, b);
    assert.notEqual(a, read);
    assert.notEqual(a, other);
    assert.equal(a.ceiling, 7);
    assert.equal(read.ceiling, 50);
  });
});
