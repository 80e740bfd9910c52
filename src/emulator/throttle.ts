/**
 * Per-account, per-region rate limits, separate for write calls (Create*,
 * Start*) and read calls (Get*, List*), as the published quotas count them.
 *
 * Each limit is a sliding window: a call is let through when fewer than
 * `capacity` calls were let through in the last `windowMs`. It behaves like
 * a token bucket whose burst is one second of rate, but strictly: no span of
 * one second, however aligned, carries more than the budget (for integer
 * rates; a rate below 1 becomes one call per 1/rate seconds).
 */

/** Write calls change state; read calls do not. */
export type CallKind = 'write' | 'read';

/** Whether an action counts as a write call. */
export function kindOf(action: string): CallKind {
  return /^(Create|Start|Update|Delete|Stop)/.test(action) ? 'write' : 'read';
}

/** The outcome of asking for a call slot. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/** One sliding window of accepted call times. */
export class SlidingWindow {
  private readonly capacity: number;
  private readonly windowMs: number;
  // Ring buffer of the last `capacity` accepted times.
  private readonly times: number[] = [];
  private next = 0;

  constructor(ratePerSecond: number) {
    this.capacity = Math.max(1, Math.floor(ratePerSecond));
    this.windowMs = (this.capacity * 1000) / ratePerSecond;
  }

  /** Take a slot at `now`, or say how long until one frees up. */
  take(now: number): Admission {
    if (this.times.length < this.capacity) {
      this.times.push(now);
      return { ok: true };
    }

    const oldest = this.times[this.next] ?? now;
    const freeAt = oldest + this.windowMs;
    if (freeAt > now) {
      return { ok: false, retryAfterMs: Math.ceil(freeAt - now) };
    }
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.capacity;
    return { ok: true };
  }
}

/** Looks up the rates of a region. */
export type RatesOf = (region: string) => {
  writeQps: number;
  readQps: number;
};

/** All windows, created on first use per (account, region, kind). */
export class Throttle {
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(private readonly ratesOf: RatesOf) {}

  /** Admit or refuse one call. */
  admit(
    accessKeyId: string,
    region: string,
    kind: CallKind,
    now: number,
  ): Admission {
    const key = `${accessKeyId}\0${region}\0${kind}`;
    let window = this.windows.get(key);
    if (!window) {
      const rates = this.ratesOf(region);
      window = new SlidingWindow(
        kind === 'write' ? rates.writeQps : rates.readQps,
      );
      this.windows.set(key, window);
    }
    return window.take(now);
  }
}
