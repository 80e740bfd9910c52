/**
 * Seeded, order-independent random draws for fault injection.
 *
 * A draw is a hash of (seed, key): the same seed and the same call get the
 * same outcome however the calls of a concurrent run interleave. The key
 * names the call (account, action, parameters) and how many times that very
 * call was seen before, so a retry gets a fresh draw.
 */
import { createHash } from 'node:crypto';

/** A number in [0, 1) determined only by the seed and the key. */
export function drawUnit(seed: string, key: string): number {
  const digest = createHash('sha256').update(`${seed}\0${key}`).digest();

  // 48 bits fit a double exactly.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Counts how often each key was seen; gives each sighting its own key. */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();

  /** The key with its occurrence number appended. */
  next(key: string): string {
    const count = this.seen.get(key) ?? 0;
    this.seen.set(key, count + 1);
    return `${key}\0${count}`;
  }
}
