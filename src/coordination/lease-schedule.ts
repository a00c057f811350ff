// When a Redis lease is renewed, and how often a lock held elsewhere is asked for again.

/** A lease is renewed once this share of its TTL has passed since it was last extended. */
export const RENEW_AFTER_SHARE = 1 / 3;

/** After a failed renewal, the next try comes this soon (never later than the lease's expiry). */
export function renewRetryMs(ttlMs: number): number {
  return Math.min(1000, Math.ceil(ttlMs / 10));
}

export interface LeaseState {
  ttlMs: number;
  /** When the last successful SET or renewal was sent (epoch ms): the lease runs from then. */
  extendedAt: number;
  /** Renewals that failed since then. */
  failures: number;
}

/** Milliseconds until the next renewal, or null when the lease has expired (it is lost). */
export function renewalDelay({ ttlMs, extendedAt, failures }: LeaseState, now: number): number | null {
  const expiresAt = extendedAt + ttlMs;
  if (now >= expiresAt) return null;
  if (failures === 0) return Math.max(0, Math.ceil(extendedAt + ttlMs * RENEW_AFTER_SHARE - now));
  return Math.min(renewRetryMs(ttlMs), expiresAt - now);
}

/**
 * Pause before asking again for a lock another replica holds: 5 ms, doubling to 20 ms, with
 * jitter so waiters spread out. The pause is the hand-over's delay, and asking is one cheap script.
 */
export function lockPollMs(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(20, 5 * 2 ** attempt);
  return Math.ceil(ceiling / 2 + random * (ceiling / 2));
}
