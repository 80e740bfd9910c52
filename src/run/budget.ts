/**
 * Request budgets: one per access key, region and kind of call (write or
 * read), because the service counts its limits that way and every tool on
 * the same account shares them.
 *
 * A budget paces calls evenly at its current rate and, as a hard bound,
 * never lets more than floor(rate) calls start within any sliding second.
 * When the service throttles, the rate drops for every caller sharing the
 * budget and climbs back while calls succeed: fast to just under the rate
 * that met throttling (where the real limit seems to be), then slowly
 * above it, probing whether the limit was lifted.
 */
import { sleep } from './backoff.js';

/** Published limits per account and region (Enterprise edition). */
export const PUBLISHED_QPS = {
  /** Create*, Start*: 20 QPS. */
  write: 20,
  /** Get*, List*: 50 QPS. */
  read: 50,
} as const;

export type CallKind = keyof typeof PUBLISHED_QPS;

export interface BudgetOptions {
  /** Ceiling, calls per second. */
  qps: number;
  /** Floor when adapting down. Default: qps / 20, at least 0.5. */
  minQps?: number;
  /** Factor applied to the rate on throttling. Default 0.85. */
  decrease?: number;
  /**
   * Rate regained per second near and above the rate that met throttling.
   * Default qps / 100, and at most 1 % of that rate per second.
   */
  recoveryPerSecond?: number;
  /**
   * Rate regained per second below RECOVER_TO of the rate that met
   * throttling. Default qps / 10.
   */
  fastRecoveryPerSecond?: number;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sliding window length. A little over a second, so that network and
 * event-loop jitter between our send and the service's count cannot put
 * one call too many in the service's second.
 */
const WINDOW_MS = 1_025;

/**
 * No recovery for this long after a decrease, so that throttling that
 * goes on (a limit lower than the decreased rate) keeps cutting the rate
 * instead of being offset by the successes in between.
 */
const HOLD_MS = 2 * WINDOW_MS;

/**
 * Fast recovery climbs to this share of the rate that met throttling. A
 * lone 429 at the limit then costs about a second of calls, not the ~15
 * seconds a slow climb all the way back would take.
 */
const RECOVER_TO = 0.95;

/** An adaptive, evenly paced rate budget. */
export class RateBudget {
  readonly ceiling: number;
  #rate: number;
  #next = 0;
  #pausedUntil = 0;
  #lastDecrease = -Infinity;
  #lastRecovery: number;
  /** The rate at the last throttling: where the real limit seems to be. */
  #limitSeen = Infinity;
  readonly #sent: number[] = [];
  #tail: Promise<void> = Promise.resolve();
  readonly #options: Required<Omit<BudgetOptions, 'qps'>>;

  constructor(options: BudgetOptions) {
    this.ceiling = options.qps;
    this.#rate = options.qps;
    this.#options = {
      minQps: options.minQps ?? Math.max(0.5, options.qps / 20),
      decrease: options.decrease ?? 0.85,
      recoveryPerSecond: options.recoveryPerSecond ?? options.qps / 100,
      fastRecoveryPerSecond: options.fastRecoveryPerSecond ?? options.qps / 10,
      now: options.now ?? (() => performance.now()),
      wait: options.wait ?? sleep,
    };
    this.#lastRecovery = this.#options.now();
  }

  /** Current rate, calls per second. */
  get rate(): number {
    return this.#rate;
  }

  /** Wait for a slot; callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#tail.then(() => this.#waitForSlot(signal));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  /**
   * The service throttled a call. Decrease once per window (the calls
   * already in flight were paced at the old rate and may be throttled
   * too), and pause everyone for the server's hint when it gave one.
   */
  throttled(retryAfterMs?: number): void {
    const now = this.#options.now();
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.#pausedUntil = Math.max(this.#pausedUntil, now + retryAfterMs);
    }
    if (now - this.#lastDecrease < WINDOW_MS) return;

    this.#lastDecrease = now;
    this.#lastRecovery = now;
    this.#limitSeen = this.#rate;
    const lowered = this.#rate * this.#options.decrease;
    this.#rate = Math.max(this.#options.minQps, lowered);
  }

  /**
   * A call went through: regain rate in proportion to the time passed
   * since the last success, not counting the hold after a decrease.
   */
  succeeded(): void {
    const now = this.#options.now();
    const from = Math.max(this.#lastRecovery, this.#lastDecrease + HOLD_MS);
    this.#lastRecovery = now;
    const seconds = (now - from) / 1_000;
    if (seconds <= 0 || this.#rate >= this.ceiling) return;

    this.#rate = Math.min(this.ceiling, this.#climb(seconds));
  }

  /** The rate after `seconds` of recovery, below the ceiling or not. */
  #climb(seconds: number): number {
    const near = RECOVER_TO * this.#limitSeen;
    if (this.#rate < near) {
      const fast = seconds * this.#options.fastRecoveryPerSecond;
      return Math.min(near, this.#rate + fast);
    }
    const perSecond = Math.min(
      this.#options.recoveryPerSecond,
      this.#limitSeen / 100,
    );
    return this.#rate + seconds * perSecond;
  }

  async #waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#options.now();
      const at = Math.max(this.#next, this.#pausedUntil, this.#windowGate(now));
      if (at <= now) break;
      await this.#options.wait(at - now, signal);
    }
    const start = this.#options.now();
    this.#sent.push(start);
    this.#next = start + 1_000 / this.#rate;
  }

  /** Earliest time a call may start without crowding the last window. */
  #windowGate(now: number): number {
    while (this.#sent.length > 0 && this.#sent[0]! <= now - WINDOW_MS) {
      this.#sent.shift();
    }
    const capacity = Math.max(1, Math.floor(this.#rate));
    if (this.#sent.length < capacity) return 0;
    return this.#sent[this.#sent.length - capacity]! + WINDOW_MS;
  }
}

/** Budgets by account, region and kind, created on first use. */
export class BudgetRegistry {
  readonly #budgets = new Map<string, RateBudget>();
  readonly #qps: Record<CallKind, number>;
  readonly #make: (qps: number) => RateBudget;

  constructor(
    qps: Partial<Record<CallKind, number>> = {},
    make: (qps: number) => RateBudget = (q) => new RateBudget({ qps: q }),
  ) {
    this.#qps = { ...PUBLISHED_QPS, ...qps };
    this.#make = make;
  }

  /** The budget shared by every call of this kind, key and region. */
  get(accessKeyId: string, region: string, kind: CallKind): RateBudget {
    const key = `${accessKeyId}\u0000${region}\u0000${kind}`;
    let budget = this.#budgets.get(key);
    if (!budget) {
      budget = this.#make(this.#qps[kind]);
      this.#budgets.set(key, budget);
    }
    return budget;
  }
}
