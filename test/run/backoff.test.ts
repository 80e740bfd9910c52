import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RetryState, backoffDelay } from '../../src/run/backoff.js';

const policy = {
  maxAttempts: 4,
  baseMs: 100,
  capMs: 1_000,
  maxTotalWaitMs: 5_000,
};

describe('backoff', () => {
  it('grows the jitter ceiling exponentially up to the cap', () => {
    const top = () => 0.999999;

    const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, top));

    assert.deepEqual(delays, [99, 199, 399, 799, 999, 999]);
  });

  it('uses full jitter: anywhere from zero to the ceiling', () => {
    assert.equal(backoffDelay(3, policy, () => 0), 0);
    assert.equal(backoffDelay(3, policy, () => 0.5), 200);
  });

  it('gives up after the maximum number of attempts', () => {
    const state = new RetryState(policy, () => 0.5);
    const delays: (number | null)[] = [];

    for (let i = 0; i < 5; i++) {
      state.recordAttempt();
      delays.push(state.nextDelay());
    }

    assert.deepEqual(delays, [50, 100, 200, null, null]);
  });

  it('gives up when the total wait would pass its cap', () => {
    const tight = { ...policy, maxAttempts: 100, maxTotalWaitMs: 300 };
    const state = new RetryState(tight, () => 0.999);

    state.recordAttempt();
    const first = state.nextDelay();
    state.recordAttempt();
    const second = state.nextDelay();
    state.recordAttempt();
    const third = state.nextDelay();

    assert.equal(first, 99);
    assert.equal(second, 199);
    assert.equal(third, null);
  });

  it('waits at least what the server asks for', () => {
    const state = new RetryState(policy, () => 0);
    state.recordAttempt();

    assert.equal(state.nextDelay(750), 750);
  });
});
