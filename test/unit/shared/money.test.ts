import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountForQuantity, formatFenAsYuan, formatFenGrouped, MAX_FEN, MoneyFormatError, parseYuanToFen } from '../../../shared/money';

describe('parseYuanToFen', () => {
  it('reads plain amounts in yuan exactly', () => {
    expect(parseYuanToFen('807.5')).toBe(80750);
    expect(parseYuanToFen('807.50')).toBe(80750);
    expect(parseYuanToFen('0.05')).toBe(5);
    expect(parseYuanToFen(' 12 ')).toBe(1200);
    expect(parseYuanToFen('-3.20')).toBe(-320);
    expect(parseYuanToFen('100000000')).toBe(MAX_FEN);
    // 0.1 + 0.2 style float traps cannot occur: digits are read, not multiplied.
    expect(parseYuanToFen('1.10')).toBe(110);
    expect(parseYuanToFen('4.35')).toBe(435);
  });

  it('never returns negative zero', () => {
    expect(Object.is(parseYuanToFen('-0'), 0)).toBe(true);
    expect(Object.is(parseYuanToFen('-0.00'), 0)).toBe(true);
  });

  it('refuses anything that is not a plain amount', () => {
    for (const text of ['', '1,000', '1e3', '.5', '1.', '1.234', '¥5', '5元', 'NaN', '--1', '+1', '100000000.01', '-100000000.01', '１２']) {
      expect(() => parseYuanToFen(text), text).toThrow(MoneyFormatError);
    }
  });

  it('round-trips every amount through formatFenAsYuan', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_FEN, max: MAX_FEN }), (fen) => {
        expect(parseYuanToFen(formatFenAsYuan(fen))).toBe(fen);
      }),
    );
  });
});

describe('formatting', () => {
  it('writes two decimals, with a sign for negatives', () => {
    expect(formatFenAsYuan(80750)).toBe('807.50');
    expect(formatFenAsYuan(5)).toBe('0.05');
    expect(formatFenAsYuan(0)).toBe('0.00');
    expect(formatFenAsYuan(-5)).toBe('-0.05');
    expect(() => formatFenAsYuan(1.5)).toThrow(RangeError);
    expect(() => formatFenAsYuan(Number.NaN)).toThrow(RangeError);
  });

  it('groups thousands for display', () => {
    expect(formatFenGrouped(1234567)).toBe('12,345.67');
    expect(formatFenGrouped(-1234567)).toBe('-12,345.67');
    expect(formatFenGrouped(100000)).toBe('1,000.00');
    expect(formatFenGrouped(99999)).toBe('999.99');
    expect(formatFenGrouped(MAX_FEN)).toBe('100,000,000.00');
  });
});

describe('amountForQuantity', () => {
  it('multiplies a rate by a quantity in hundredths, rounding half up to the fen', () => {
    expect(amountForQuantity(9500, 850)).toBe(80750); // 95.00 元/亩 × 8.50 亩
    expect(amountForQuantity(12345, 50)).toBe(6173); // 61.725 → 61.73
    expect(amountForQuantity(12345, 10)).toBe(1235); // 12.345 → 12.35
    expect(amountForQuantity(1, 49)).toBe(0);
    expect(amountForQuantity(0, 850)).toBe(0);
  });

  it('is exact for every amount a field can hold, even past 2^53 intermediate products', () => {
    const exact = (rate: number, quantity: number): number => Number((BigInt(rate) * BigInt(quantity) + 50n) / 100n);
    expect(amountForQuantity(MAX_FEN, 100_000_000 - 1)).toBe(exact(MAX_FEN, 100_000_000 - 1));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_FEN }), fc.integer({ min: 0, max: 100_000_000 }), (rate, quantity) => {
        expect(amountForQuantity(rate, quantity)).toBe(exact(rate, quantity));
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds negative amounts (refunds) the same way, half towards +∞, on both paths', () => {
    const floorDiv = (p: bigint): number => Number(p >= 0n ? p / 100n : -((-p + 99n) / 100n));
    expect(amountForQuantity(-12345, 50)).toBe(Math.round(-6172.5));
    expect(amountForQuantity(-MAX_FEN, 99_999_999)).toBe(floorDiv(BigInt(-MAX_FEN) * 99_999_999n + 50n));
  });
});
