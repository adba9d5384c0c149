import { describe, expect, it } from 'vitest';
import { backoffDelayMs, SYNC_BACKOFF } from '../../../shared/sync/backoff';

describe('sync backoff', () => {
  it('grows exponentially up to the cap', () => {
    const ceiling = (attempt: number): number => backoffDelayMs(attempt, () => 0.999999);
    expect(ceiling(0)).toBeLessThan(SYNC_BACKOFF.baseMs);
    expect(ceiling(1)).toBeGreaterThan(ceiling(0));
    expect(ceiling(3)).toBeGreaterThan(ceiling(2));
    expect(ceiling(40)).toBeLessThan(SYNC_BACKOFF.maxMs);
    expect(ceiling(40)).toBeGreaterThan(SYNC_BACKOFF.maxMs * 0.99);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(backoffDelayMs(4, () => 0)).toBe(0);
    expect(backoffDelayMs(4, () => 0.5)).toBe(Math.floor(0.5 * SYNC_BACKOFF.baseMs * 16));
  });

  it('tolerates nonsense inputs', () => {
    expect(backoffDelayMs(-3, () => 0.5)).toBe(Math.floor(0.5 * SYNC_BACKOFF.baseMs));
    expect(backoffDelayMs(2, () => 7)).toBeLessThan(SYNC_BACKOFF.baseMs * 4);
  });
});
