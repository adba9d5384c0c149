import { describe, expect, it } from 'vitest';
import { percentiles } from '../../bench/percentiles';

describe('percentiles', () => {
  it('uses nearest rank', () => {
    const timings = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(timings)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('does not depend on input order', () => {
    expect(percentiles([5, 1, 3])).toEqual(percentiles([1, 3, 5]));
  });

  it('reports NaN for no timings rather than inventing a figure', () => {
    expect(Number.isNaN(percentiles([]).p95)).toBe(true);
  });
});
