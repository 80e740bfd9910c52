/**
 * Read calls (ListMigrations) under the read budget. Reads change nothing,
 * so every transient failure is safe to retry; what is not transient
 * (auth, permission, a wrong request) is thrown at once.
 */
import type { ApiError } from '../api/errors.js';
import { classify } from '../api/errors.js';
import { RetryState, sleep } from './backoff.js';
import type { RetryPolicy } from './backoff.js';
import type { RateBudget } from './budget.js';

const TRANSIENT = new Set(['throttled', 'unreachable', 'ambiguous']);

/** Run a read call with pacing and bounded retries. */
export async function readWithRetry<T>(
  budget: RateBudget,
  policy: RetryPolicy,
  call: () => Promise<T>,
  signal?: AbortSignal,
  onRetry?: (error: ApiError, delayMs: number) => void,
): Promise<T> {
  const retry = new RetryState(policy);
  for (;;) {
    await budget.acquire(signal);
    retry.recordAttempt();
    try {
      const result = await call();
      budget.succeeded();
      return result;
    } catch (thrown: unknown) {
      const error = classify(thrown);
      if (error.kind === 'throttled') budget.throttled(error.retryAfterMs);
      const delay = TRANSIENT.has(error.kind)
        ? retry.nextDelay(error.retryAfterMs)
        : null;
      if (delay === null) throw error;
      onRetry?.(error, delay);
      await sleep(delay, signal);
    }
  }
}
