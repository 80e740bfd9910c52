import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it, mock } from 'node:test';
import { RetryState, backoffDelay, sleep } from '../../src/run/backoff.js';

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

describe('sleep', () => {
  it('keeps one abort listener however many tasks sleep at once', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const controller = new AbortController();

    const sleeps = Array.from({ length: 40 }, () =>
      sleep(1_000, controller.signal));
    const during = getEventListeners(controller.signal, 'abort').length;
    mock.timers.tick(1_000);
    mock.timers.reset();

    assert.equal(during, 1);
    await Promise.all(sleeps);
  });

  it('wakes every sleeper with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeps = Array.from({ length: 12 }, () =>
      sleep(60_000, controller.signal).then(() => 'slept', (e) => e));

    controller.abort(new Error('stop'));
    const outcomes = await Promise.all(sleeps);

    assert.equal(outcomes.length, 12);
    for (const o of outcomes) assert.equal((o as Error).message, 'stop');
  });

  it('forgets a finished sleep, so a later abort misses it', async () => {
    const controller = new AbortController();
    let rejected = 0;

    await sleep(1, controller.signal).catch(() => (rejected += 1));
    controller.abort();
    await new Promise((r) => setImmediate(r));

    assert.equal(rejected, 0);
  });
});
