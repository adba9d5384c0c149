/** Retry pacing for the sync engine: many kiosks coming back online at once must not stampede the county. */
export const SYNC_BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000 } as const;

/**
 * "Full jitter": a random delay in [0, min(max, base · 2^attempt)). attempt 0 is the first retry.
 * Spreading retries uniformly keeps a county server that just restarted from being hit by every
 * kiosk in the same second.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, limits: { baseMs: number; maxMs: number } = SYNC_BACKOFF): number {
  const safeAttempt = Math.max(0, Math.min(30, Math.floor(attempt)));
  const ceiling = Math.min(limits.maxMs, limits.baseMs * 2 ** safeAttempt);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}
