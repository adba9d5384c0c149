import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvStreamParser, csvField, csvLine, MAX_CSV_FIELD_CHARS, type CsvRecord } from '../../../shared/csv';

/** Parses text delivered in the given chunk sizes (cycled); returns records or the error message. */
function parseInChunks(text: string, sizes: readonly number[] = [text.length || 1]): CsvRecord[] | string {
  const parser = new CsvStreamParser();
  const records: CsvRecord[] = [];
  try {
    for (let at = 0, k = 0; at < text.length; k++) {
      const size = Math.max(1, sizes[k % sizes.length] ?? 1);
      records.push(...parser.push(text.slice(at, at + size)));
      at += size;
    }
    records.push(...parser.finish());
  } catch (error) {
    if (error instanceof CsvFormatError) return error.message;
    throw error;
  }
  return records;
}

const fieldText = fc.string({ unit: fc.constantFrom('a', 'b', '张', ',', '"', '\r', '\n', ' ', '0', '元'), maxLength: 12 });
// A record of one empty field is written as an empty line, which is (rightly) not a record.
const record = fc.array(fieldText, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === ''));
const chunkSizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 });

describe('csvField / csvLine', () => {
  it('quotes only what needs it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvLine(['序号', 1, '王*'])).toBe('序号,1,王*\r\n');
  });
});

describe('CsvStreamParser', () => {
  it('reads what csvLine writes, however the text is chunked, with the line each record starts on', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), chunkSizes, fc.boolean(), (records, sizes, bom) => {
        const lines = records.map((r) => csvLine(r));
        const text = (bom ? '\uFEFF' : '') + lines.join('');
        const expectedLines: number[] = [];
        let line = 1;
        for (const l of lines) {
          expectedLines.push(line);
          line += l.split('\n').length - 1;
        }
        const parsed = parseInChunks(text, sizes);
        expect(parsed).toEqual(records.map((fields, i) => ({ line: expectedLines[i], fields })));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same answer (records or error) for any chunking of any text', () => {
    const anyText = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '\uFEFF', 'x'), maxLength: 30 });
    fc.assert(
      fc.property(anyText, chunkSizes, (text, sizes) => {
        expect(parseInChunks(text, sizes)).toEqual(parseInChunks(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('handles a "" pair split across two chunks', () => {
    expect(parseInChunks('"a""b",c\r\n', [3, 1, 100])).toEqual([{ line: 1, fields: ['a"b', 'c'] }]);
    expect(parseInChunks('"a"\r\n"b"', [3, 2, 1])).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
    ]);
  });

  it('skips a leading byte-order mark and blank lines, accepts LF and CRLF, and keeps a last line without break', () => {
    expect(parseInChunks('\uFEFFa,b\n\r\nc,d')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c', 'd'] },
    ]);
    expect(parseInChunks('a,\r\n,b')).toEqual([
      { line: 1, fields: ['a', ''] },
      { line: 2, fields: ['', 'b'] },
    ]);
  });

  it('rejects malformed quoting with the line it is on', () => {
    expect(parseInChunks('ok\r\nab"c\r\n')).toBe('line 2: a quote inside an unquoted field');
    expect(parseInChunks('ok\r\n"abc"def,x\r\n')).toBe('line 2: a closing quote must be followed by a comma or a line break');
    expect(parseInChunks('ok\r\n"open,\r\nstill open')).toBe('line 2: the file ends inside a quoted field');
  });

  it('refuses a field longer than the limit instead of growing without bound', () => {
    const long = `"${'x'.repeat(MAX_CSV_FIELD_CHARS + 1)}`;
    expect(parseInChunks(long, [4096])).toMatch(/too long/);
    expect(parseInChunks('x'.repeat(MAX_CSV_FIELD_CHARS + 1))).toMatch(/too long/);
    expect(parseInChunks('x'.repeat(MAX_CSV_FIELD_CHARS))).toEqual([{ line: 1, fields: ['x'.repeat(MAX_CSV_FIELD_CHARS)] }]);
  });
});
