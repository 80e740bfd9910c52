/**
 * Time as the emulator sees it. Everything that depends on "now" (signature
 * dates, throttling windows, export progress) reads one Clock, so tests can
 * freeze or step time instead of sleeping.
 */

/** A source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Move forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Jump to an absolute time. */
  set(epochMs: number): void {
    this.current = epochMs;
  }
}
