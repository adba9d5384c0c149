import { describe, expect, it } from 'vitest';
import {
  afterRightPin,
  afterWrongPin,
  attemptsLeft,
  isLocked,
  lockDurationMs,
  lockedUntilAfter,
  MAX_LOCK_MS,
  type LockoutState,
} from '../../../shared/agents/lockout';

const NOW = new Date('2026-11-27T08:00:00.000Z');

describe('lockout', () => {
  it('lets four wrong PINs pass and locks on the fifth for 30 s', () => {
    for (let n = 0; n < 5; n++) expect(lockDurationMs(n)).toBe(0);
    expect(lockDurationMs(5)).toBe(30_000);
    expect(lockedUntilAfter(4, NOW)).toBeNull();
    expect(lockedUntilAfter(5, NOW)?.toISOString()).toBe('2026-11-27T08:00:30.000Z');
  });

  it('doubles with each further wrong PIN, up to an hour', () => {
    expect([6, 7, 8, 9].map(lockDurationMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(lockDurationMs(12)).toBe(MAX_LOCK_MS);
    expect(lockDurationMs(1000)).toBe(MAX_LOCK_MS);
  });

  it('counts the tries left', () => {
    expect([0, 1, 4, 5, 9].map(attemptsLeft)).toEqual([5, 4, 1, 0, 0]);
  });

  it('folds wrong and right PINs into the stored state', () => {
    let state: LockoutState = { failedAttempts: 0, lockedUntil: null };
    for (let i = 0; i < 4; i++) state = afterWrongPin(state, NOW);
    expect(state).toEqual({ failedAttempts: 4, lockedUntil: null });
    state = afterWrongPin(state, NOW);
    expect(isLocked(state.lockedUntil, NOW)).toBe(true);
    expect(isLocked(state.lockedUntil, new Date(NOW.getTime() + 30_000))).toBe(false);
    state = afterWrongPin(state, new Date(NOW.getTime() + 31_000));
    expect(state.lockedUntil).toBe('2026-11-27T08:01:31.000Z');
    expect(afterRightPin()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('is not locked without a date or with a garbled one', () => {
    expect(isLocked(null, NOW)).toBe(false);
    expect(isLocked('not a date', NOW)).toBe(false);
  });
});
