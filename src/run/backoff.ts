/**
 * Full-jitter exponential backoff. A retry happens only when the caller
 * decides the failure is safe to retry; this module only says how long to
 * wait and when to stop: after `maxAttempts` calls in all, or when the
 * waits so far plus the next one would pass `maxTotalWaitMs`.
 */

/** How retries are spaced and bounded. */
export interface RetryPolicy {
  /** Calls in all, the first included. Default 8. */
  maxAttempts: number;
  /** First backoff ceiling, ms. Default 200. */
  baseMs: number;
  /** Ceiling of any single wait, ms. Default 10,000. */
  capMs: number;
  /** Ceiling of all waits of one task together, ms. Default 120,000. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseMs: 200,
  capMs: 10_000,
  maxTotalWaitMs: 120_000,
};

/** Wait before retry number `retry` (1 = first retry), full jitter. */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Tracks one task's attempts and waits against the policy. */
export class RetryState {
  attempts = 0;
  waitedMs = 0;
  readonly #policy: RetryPolicy;
  readonly #random: () => number;

  constructor(policy: RetryPolicy, random: () => number = Math.random) {
    this.#policy = policy;
    this.#random = random;
  }

  /** Count a call about to be made. */
  recordAttempt(): void {
    this.attempts += 1;
  }

  /**
   * The wait before the next call, or null when the policy says stop.
   * A server hint (`retryAfterMs`) replaces the jittered wait when longer.
   */
  nextDelay(retryAfterMs?: number): number | null {
    if (this.attempts >= this.#policy.maxAttempts) return null;

    const jittered = backoffDelay(this.attempts, this.#policy, this.#random);
    const delay = Math.max(jittered, retryAfterMs ?? 0);
    if (this.waitedMs + delay > this.#policy.maxTotalWaitMs) return null;

    this.waitedMs += delay;
    return delay;
  }
}

/**
 * Waits cut short by each signal. Every task of a run sleeps on the same
 * signal (backoff, budget turns, settling after an unanswered call), so
 * one listener per signal serves them all: a listener per wait put dozens
 * on the signal at once and set off Node's MaxListenersExceededWarning.
 */
const waiters = new WeakMap<AbortSignal, Set<() => void>>();

/** Call `onAbort` when `signal` aborts; the returned function cancels. */
function onAbortOf(signal: AbortSignal, onAbort: () => void): () => void {
  let set = waiters.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    set = created;
    waiters.set(signal, created);
    signal.addEventListener('abort', () => fireAll(signal, created), {
      once: true,
    });
  }
  const mine = set;
  mine.add(onAbort);
  return () => {
    mine.delete(onAbort);
  };
}

function fireAll(signal: AbortSignal, set: Set<() => void>): void {
  waiters.delete(signal);
  for (const fire of [...set]) fire();
  set.clear();
}

/** Sleep that an AbortSignal cuts short (rejecting with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(done, ms);
    const cancel = signal
      ? onAbortOf(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      })
      : () => undefined;
    function done(): void {
      cancel();
      resolve();
    }
  });
}
