import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../../shared/export/neutraliseCell';

describe('neutraliseCell', () => {
  it('prefixes a quote to text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+cmd|/c calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")']) {
      expect(neutraliseCell(text)).toBe(`'${text}`);
    }
  });

  it('leaves other text alone: names, dates, amounts, codes, empty cells', () => {
    for (const text of ['', '王*', '2024-05-20', '123.45', '0551-12345678', "'already", ' =spaced', 'a=b', '341222********0417']) {
      expect(neutraliseCell(text)).toBe(text);
    }
  });

  it('never lets a formula trigger lead, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = neutraliseCell(text);
        expect(/^[=+\-@\t\r]/.test(out)).toBe(false);
        expect(out === text || out === `'${text}`).toBe(true);
      }),
    );
  });
});
