/**
 * Remembers signature nonces long enough to catch every replay that would
 * still pass the 15-minute date check.
 */

/** How long a nonce is remembered: twice the allowed clock skew. */
export const NONCE_TTL_MS = 30 * 60 * 1000;

/** Nonces seen per AccessKey, expiring after NONCE_TTL_MS. */
export class NonceStore {
  // Insertion order is arrival order, so expiry only looks at the front.
  private readonly seen = new Map<string, number>();

  /** Record a nonce; false when it was already used. */
  use(accessKeyId: string, nonce: string, now: number): boolean {
    this.expire(now);

    const key = `${accessKeyId}\0${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }

  private expire(now: number): void {
    for (const [key, time] of this.seen) {
      if (time > now - NONCE_TTL_MS) return;
      this.seen.delete(key);
    }
  }
}
