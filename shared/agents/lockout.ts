/**
 * PIN lockout: the first MAX_FREE_ATTEMPTS wrong PINs cost nothing; the fifth locks the agent for
 * 30 s and every further wrong PIN (typed after the lock ran out) doubles it, up to one hour. A
 * right PIN resets the count. Pure: the repository stores failedAttempts and lockedUntil.
 */

export const MAX_FREE_ATTEMPTS = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 60 * 60 * 1000;

/** How long the agent is locked after this many consecutive wrong PINs (0 below the threshold). */
export function lockDurationMs(failedAttempts: number): number {
  if (failedAttempts < MAX_FREE_ATTEMPTS) return 0;
  const doublings = failedAttempts - MAX_FREE_ATTEMPTS;
  // 2^7 × 30 s already exceeds an hour; capping the exponent keeps the number finite.
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(doublings, 16));
}

/** When PIN entry opens again after the wrong PIN that brought the count to `failedAttempts`; null when not locked. */
export function lockedUntilAfter(failedAttempts: number, now: Date): Date | null {
  const duration = lockDurationMs(failedAttempts);
  return duration > 0 ? new Date(now.getTime() + duration) : null;
}

/** Tries left before a lock: after 4 wrong PINs, 1 (the next wrong one locks); 0 once locked. */
export function attemptsLeft(failedAttempts: number): number {
  return Math.max(0, MAX_FREE_ATTEMPTS - failedAttempts);
}

export function isLocked(lockedUntil: string | Date | null, now: Date): boolean {
  if (lockedUntil === null) return false;
  const until = typeof lockedUntil === 'string' ? Date.parse(lockedUntil) : lockedUntil.getTime();
  return Number.isFinite(until) && until > now.getTime();
}

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: string | null;
}

/** The state after a wrong PIN at `now`. */
export function afterWrongPin(state: LockoutState, now: Date): LockoutState {
  const failedAttempts = state.failedAttempts + 1;
  return { failedAttempts, lockedUntil: lockedUntilAfter(failedAttempts, now)?.toISOString() ?? null };
}

/** The state after a right PIN. */
export function afterRightPin(): LockoutState {
  return { failedAttempts: 0, lockedUntil: null };
}
