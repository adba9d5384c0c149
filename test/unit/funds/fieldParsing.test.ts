import { describe, expect, it } from 'vitest';
import {
  deriveHouseholdNo, MAX_ROW_FEN, parseAccountLast4, parseAmountFen, parseGroupNo, parseHouseholdNo, parseIdToMasked, parseIsoDate, toHalfWidth,
} from '../../../shared/funds/fieldParsing';
import { validId } from './support';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const reason = (r: { ok: boolean; reason?: string }): string => (r.ok ? 'ok' : (r.reason ?? ''));

describe('amounts', () => {
  it.each([
    ['807.50', 80_750],
    ['807.5元', 80_750],
    ['1,234.56', 123_456],
    ['１，２３４．５６', 123_456],
    ['８０７．５０元', 80_750],
    [' 1 234.00 ', 123_400],
    ['¥95', 9_500],
    ['0', 0],
    ['1000000', MAX_ROW_FEN],
  ])('%s → %i fen', (text, fen) => {
    expect(value(parseAmountFen(text, '金额'))).toBe(fen);
  });

  it.each([
    ['-5.00', /negative/],
    ['－５', /negative/],
    ['1000000.01', /more than 1,000,000 元/],
    ['99999999999', /more than/],
    ['1.234', /at most two decimals/],
    ['1.2E+5', /scientific/],
    ['12,34.5', /thousands separators/],
    ['abc', /not an amount/],
    ['', /empty/],
  ])('%s is refused', (text, pattern) => {
    expect(reason(parseAmountFen(text, '金额'))).toMatch(pattern);
  });
});

describe('ID numbers', () => {
  it('masks a valid full number and keeps nothing else', () => {
    const id = validId(41);
    expect(value(parseIdToMasked(id))).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
  });

  it('accepts full-width digits and a lower-case x', () => {
    const withX = [...Array(999).keys()].map((n) => validId(n)).find((s) => s.endsWith('X'));
    expect(withX).toBeDefined();
    const fullWidth = withX!.slice(0, 17).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) + 'x';
    expect(value(parseIdToMasked(fullWidth))).toBe(`${withX!.slice(0, 6)}********${withX!.slice(-4)}`);
  });

  it('passes an already-masked number through', () => {
    expect(value(parseIdToMasked('110101********1234'))).toBe('110101********1234');
  });

  it.each([
    [validId(41).slice(0, 17) + (validId(41).endsWith('1') ? '2' : '1'), /check digit/],
    ['34122219870512', /14 characters/],
    ['1.10101E+17', /Excel/],
    ['1101011234', /10 characters/],
    ['110101****1234', /characters/],
    ['', /empty/],
  ])('%s is refused without echoing the number', (text, pattern) => {
    const r = reason(parseIdToMasked(text));
    expect(r).toMatch(pattern);
    if (text.length === 18) expect(r).not.toContain(text);
  });
});

describe('other fields', () => {
  it('reads dates in the usual spellings', () => {
    for (const text of ['2024-06-05', '2024/6/5', '2024.6.5', '2024年6月5日', '20240605', '２０２４－０６－０５']) expect(value(parseIsoDate(text))).toBe('2024-06-05');
    expect(reason(parseIsoDate('2024-02-30'))).toMatch(/calendar/);
    expect(reason(parseIsoDate('June 5'))).toMatch(/not like/);
  });

  it('reads groups and household numbers', () => {
    expect(['3组', '第3组', '三组', '03', '3村民小组'].map((t) => value(parseGroupNo(t)))).toEqual([3, 3, 3, 3, 3]);
    expect(value(parseGroupNo('十二组'))).toBe(12);
    expect(reason(parseGroupNo('0'))).toMatch(/not like/);
    expect(value(parseHouseholdNo('12'))).toBe('000012');
    expect(reason(parseHouseholdNo('1234567'))).toMatch(/6 digits/);
  });

  it('keeps the last four digits of an account', () => {
    expect(value(parseAccountLast4('6217 0012 3456 7890 123'))).toBe('0123');
    expect(value(parseAccountLast4('****0123'))).toBe('0123');
    expect(reason(parseAccountLast4('12'))).toMatch(/not an account/);
  });

  it('derives the same household number from full or masked input', () => {
    const masked = value(parseIdToMasked(validId(7)));
    expect(deriveHouseholdNo(masked, '王小华')).toMatch(/^\d{6}$/);
    expect(deriveHouseholdNo(value(parseIdToMasked(masked)), '王小华')).toBe(deriveHouseholdNo(masked, '王小华'));
    expect(deriveHouseholdNo(masked, '王晓辉')).not.toBe(deriveHouseholdNo(masked, '王小华'));
  });

  it('turns full-width text to ASCII', () => {
    expect(toHalfWidth('１２３．４５　元')).toBe('123.45元');
  });
});
