/**
 * Notices a region endpoint that does not answer at all, so the run stops
 * instead of failing thousands of tasks one by one. An endpoint is judged
 * down when every call to it for `windowMs` was refused or unresolvable
 * and at least `minFailures` calls tried; any answer (even an error
 * status) proves it alive and resets the count.
 */

export interface EndpointWatchOptions {
  /** Default 30 s. */
  windowMs?: number;
  /** Default 5. */
  minFailures?: number;
  now?: () => number;
}

interface Streak {
  since: number;
  failures: number;
}

/** Per-region streaks of calls that reached nobody. */
export class EndpointWatch {
  readonly #streaks = new Map<string, Streak>();
  readonly #windowMs: number;
  readonly #minFailures: number;
  readonly #now: () => number;

  constructor(options: EndpointWatchOptions = {}) {
    this.#windowMs = options.windowMs ?? 30_000;
    this.#minFailures = options.minFailures ?? 5;
    this.#now = options.now ?? Date.now;
  }

  /** A call to the region's endpoint got an answer. */
  answered(region: string): void {
    this.#streaks.delete(region);
  }

  /** A call reached nobody; true when the endpoint is judged down. */
  unreachable(region: string): boolean {
    const now = this.#now();
    const streak = this.#streaks.get(region) ?? { since: now, failures: 0 };
    streak.failures += 1;
    this.#streaks.set(region, streak);
    return streak.failures >= this.#minFailures &&
      now - streak.since >= this.#windowMs;
  }
}
