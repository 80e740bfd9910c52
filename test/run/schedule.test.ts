import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inWorkers, roundRobin } from '../../src/run/schedule.js';

describe('inWorkers', () => {
  it('runs every index once with no more than the workers at a time',
    async () => {
      const seen: number[] = [];
      let running = 0;
      let most = 0;

      await inWorkers(3, 10, async (index) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(index);
        running--;
      });

      assert.deepEqual([...seen].sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(most, 3);
    });

  it('resolves at once when there is nothing to do', async () => {
    let calls = 0;

    await inWorkers(4, 0, async () => {
      calls++;
    });

    assert.equal(calls, 0);
  });
});

describe('roundRobin', () => {
  it('takes one item of each group in turn', () => {
    const order = roundRobin([['a1', 'a2', 'a3'], ['b1'], [], ['c1', 'c2']]);

    assert.deepEqual(order, ['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });
});
