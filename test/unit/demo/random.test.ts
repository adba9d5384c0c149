import { describe, expect, it } from 'vitest';
import { hashInts, keyedUnit, labelKey, SeededRandom } from '../../../shared/demo/generator/random';

describe('SeededRandom', () => {
  it('produces the same stream on every machine (pinned values guard against accidental changes)', () => {
    const rng = new SeededRandom(42);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([1610159465, 3100787401, 3255222928]);
    expect(hashInts(1, 2, 3)).toBe(3832742900);
    expect(labelKey('GDLB')).toBe(1669278260);
  });

  it('gives independent streams to different seeds and parts', () => {
    const a = SeededRandom.forPart(1, 'households');
    const b = SeededRandom.forPart(1, 'programs');
    const c = SeededRandom.forPart(2, 'households');
    const draw = (r: SeededRandom): number[] => Array.from({ length: 8 }, () => r.nextUint32());
    const [da, db, dc] = [draw(a), draw(b), draw(c)];
    expect(da).not.toEqual(db);
    expect(da).not.toEqual(dc);
    expect(draw(SeededRandom.forPart(1, 'households'))).toEqual(da);
  });

  it('keeps int() within bounds and spreads it evenly', () => {
    const rng = new SeededRandom(7);
    const counts = new Array<number>(6).fill(0);
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const v = rng.int(1, 6);
      if (v >= 1 && v <= 6 && Number.isInteger(v)) counts[v - 1] = (counts[v - 1] ?? 0) + 1;
      else outside++;
    }
    expect(outside).toBe(0);
    // Chi-square with 5 degrees of freedom: 20.5 is the 0.1 % critical value.
    const chi = counts.reduce((sum, c) => sum + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(20.5);
  });

  it('picks by weight', () => {
    const rng = new SeededRandom(3);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.88);
    expect(heavy / 10_000).toBeLessThan(0.92);
  });

  it('keeps bell() in range and centred', () => {
    const rng = new SeededRandom(5);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng.bell(10, 20);
      if (v < 10 || v >= 20) outside++;
      sum += v;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 10_000 - 15)).toBeLessThan(0.1);
  });

  it('shuffles without losing or duplicating items', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new SeededRandom(9).shuffled(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('keyedUnit', () => {
  it('depends only on its keys and lies in [0, 1)', () => {
    expect(keyedUnit(7, 8)).toBe(keyedUnit(7, 8));
    expect(keyedUnit(7, 8)).not.toBe(keyedUnit(8, 7));
    const values = Array.from({ length: 1000 }, (_, i) => keyedUnit(1, i));
    expect(values.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it('is close to uniform, so a 5 % threshold selects about 5 %', () => {
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (keyedUnit(11, i, 3) < 0.05) hits++;
    expect(hits / 100_000).toBeGreaterThan(0.047);
    expect(hits / 100_000).toBeLessThan(0.053);
  });
});
