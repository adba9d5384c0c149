import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvStreamParser } from '../../../shared/csv';
import { csvCells, xlsxCells, type ExportColumn } from '../../../shared/export/columns';
import { csvChunks, CSV_BOM } from '../../../shared/export/csvWriter';
import { neutraliseCell } from '../../../shared/export/neutraliseCell';

interface Payment {
  name: string;
  note: string;
  dueFen: number;
  count: number;
  paidOn: string | null;
}

const COLUMNS: Array<ExportColumn<Payment>> = [
  { header: '户主', kind: 'text', value: (r) => r.name },
  { header: '备注', kind: 'text', value: (r) => r.note },
  { header: '应发（元）', kind: 'amountFen', value: (r) => r.dueFen },
  { header: '人数', kind: 'integer', value: (r) => r.count },
  { header: '发放日期', kind: 'text', value: (r) => r.paidOn },
];

async function* from<T>(rows: Iterable<T>): AsyncGenerator<T> {
  for (const row of rows) yield row;
}

async function written(rows: Iterable<Payment>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of csvChunks(COLUMNS, from(rows))) chunks.push(chunk);
  return chunks;
}

function parse(text: string): string[][] {
  const parser = new CsvStreamParser();
  return [...parser.push(text), ...parser.finish()].map((r) => r.fields);
}

describe('CSV writer', () => {
  it('starts with a BOM and the header, ends lines with CRLF and quotes per RFC 4180', async () => {
    const text = (await written([{ name: '张"三', note: '第一行\n第二行, 带逗号', dueFen: 80750, count: 3, paidOn: '2024-05-20' }])).join('');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text).toBe(`${CSV_BOM}户主,备注,应发（元）,人数,发放日期\r\n"张""三","第一行\n第二行, 带逗号",807.50,3,2024-05-20\r\n`);
  });

  it('neutralises text cells but writes amounts and counts as plain numbers', () => {
    const row = { name: '=cmd', note: '-5', dueFen: 5, count: 0, paidOn: null };
    expect(csvCells(COLUMNS, row)).toEqual(["'=cmd", "'-5", '0.05', '0', '']);
    expect(xlsxCells(COLUMNS, row)).toEqual(["'=cmd", "'-5", 0.05, 0, null]);
  });

  it('refuses a non-integer amount rather than writing a wrong figure', () => {
    expect(() => csvCells(COLUMNS, { name: 'a', note: '', dueFen: 1.5, count: 1, paidOn: null })).toThrow(TypeError);
  });

  it('streams many rows in bounded chunks', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ name: `户${i}`, note: '', dueFen: i, count: 1, paidOn: null }));
    const chunks = await written(rows);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    expect(parse(chunks.join(''))).toHaveLength(20_001);
  });

  it('round-trips any text through the parser as its neutralised form', async () => {
    const payment = fc.record({
      name: fc.string(),
      note: fc.string({ unit: fc.constantFrom('a', '=', '+', '-', '@', '"', ',', '\r', '\n', '\t', '中', ' ') }),
      dueFen: fc.integer({ min: 0, max: 10_000_000_000 }),
      count: fc.nat(),
      paidOn: fc.constant(null),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(payment, { maxLength: 20 }), async (rows) => {
        const records = parse((await written(rows)).join(''));
        expect(records.slice(1)).toEqual(rows.map((r) => [neutraliseCell(r.name), neutraliseCell(r.note), (r.dueFen / 100).toFixed(2), String(r.count), '']));
      }),
    );
  });
});
