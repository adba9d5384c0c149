import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../../shared/export/columns';
import { attachmentDisposition } from '../../src/dashboard/exports/contentDisposition';
import { xlsxStream } from '../../src/dashboard/exports/xlsxStream';

interface Row {
  n: number;
  text: string;
}

const COLUMNS: Array<ExportColumn<Row>> = [
  { header: '序号', kind: 'integer', value: (r) => r.n },
  { header: '内容', kind: 'text', value: (r) => r.text },
  { header: '金额（元）', kind: 'amountFen', value: (r) => r.n * 101 },
];

describe('XLSX export stream', () => {
  it('writes every row, numbers as numbers and text neutralised, readable by exceljs', async () => {
    async function* rows(): AsyncGenerator<Row> {
      for (let n = 0; n < 5_000; n++) yield { n, text: n % 2 === 0 ? `=A${n}` : `第${n}行` };
    }
    const chunks: Buffer[] = [];
    await pipeline(xlsxStream('测试', COLUMNS, rows()), new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()) }));
    const workbook = new ExcelJS.Workbook();
    const bytes = Buffer.concat(chunks);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.getWorksheet('测试');
    expect(sheet?.rowCount).toBe(5_001);
    expect(sheet?.getRow(1).values).toEqual([undefined, '序号', '内容', '金额（元）']);
    expect(sheet?.getRow(2).values).toEqual([undefined, 0, "'=A0", 0]);
    expect(sheet?.getRow(5_001).values).toEqual([undefined, 4_999, '第4999行', 4_999 * 1.01]);
    expect(sheet?.getRow(5_001).getCell(3).numFmt).toBe('0.00');
  });

  it('stops reading rows when the client goes away', async () => {
    let produced = 0;
    let finished = false;
    async function* endless(): AsyncGenerator<Row> {
      try {
        for (;;) yield { n: produced++, text: 'x'.repeat(50) };
      } finally {
        finished = true;
      }
    }
    const stream = xlsxStream('s', COLUMNS, endless());
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    for (let i = 0; i < 100 && !finished; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(true);
    const stoppedAt = produced;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(produced).toBe(stoppedAt);
  });
});

describe('attachment disposition', () => {
  it('gives an ASCII fallback and the UTF-8 name in RFC 5987 form', () => {
    expect(attachmentDisposition('cases-2026-11-28.csv', '办件-cases-2026-11-28.csv')).toBe(
      `attachment; filename="cases-2026-11-28.csv"; filename*=UTF-8''%E5%8A%9E%E4%BB%B6-cases-2026-11-28.csv`,
    );
    expect(attachmentDisposition('a"b\\c中.csv', "it's (1)*!.csv")).toBe(`attachment; filename="a_b_c_.csv"; filename*=UTF-8''it%27s%20%281%29%2A%21.csv`);
  });
});
