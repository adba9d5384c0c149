import { describe, expect, it } from 'vitest';
import { CsvStreamParser, csvLine, type CsvRecord } from '../../../shared/csv';
import { generateDemoData } from '../../../shared/demo/generator/index';
import {
  checkPublicNoticeHeader,
  parsePublicNoticeRow,
  PUBLIC_NOTICE_COLUMNS,
  PublicNoticeContext,
  toPublicNoticeFields,
} from '../../../shared/demo/publicNoticeCsv';
import type { Disbursement } from '../../../shared/domain/disbursement';
import { SeededRandom } from '../../../shared/demo/generator/random';

describe('generated rows in the public-notice CSV layout', () => {
  it('read back through the CSV parser and PublicNoticeContext as the same rows', () => {
    const data = generateDemoData({ households: 120, years: 4, seed: 99 });
    const generated: Disbursement[] = [];
    let text = `\uFEFF${csvLine(PUBLIC_NOTICE_COLUMNS)}`;
    let serial = 0;
    for (const line of data.disbursements()) {
      generated.push(line.row);
      text += csvLine(toPublicNoticeFields({ serial: ++serial, ...line }));
    }
    expect(generated.length).toBeGreaterThan(1000);

    // Feed the file in uneven chunks, as a network stream would deliver it.
    const parser = new CsvStreamParser();
    const records: CsvRecord[] = [];
    const rng = new SeededRandom(1);
    for (let at = 0; at < text.length; ) {
      const size = rng.int(1, 4000);
      records.push(...parser.push(text.slice(at, at + size)));
      at += size;
    }
    records.push(...parser.finish());

    const [header, ...body] = records;
    expect(checkPublicNoticeHeader(header?.fields ?? [])).toBeNull();
    const context = new PublicNoticeContext(data.county, data.programs);
    const problems: string[] = [];
    const parsed: Disbursement[] = [];
    for (const record of body) {
      const result = parsePublicNoticeRow(record.fields, context);
      if (result.ok) parsed.push(result.row);
      else problems.push(`line ${record.line}: ${result.reason}`);
    }
    expect(problems).toEqual([]);
    expect(parsed).toEqual(generated);
    expect(body.map((r) => r.line)).toEqual(body.map((_, i) => i + 2));
  });

  it('print the program’s first document number, notice window and both phone lines on every row', () => {
    const data = generateDemoData({ households: 30, years: 2, seed: 5 });
    const first = data.disbursements().next();
    expect(first.done).toBe(false);
    if (first.done) return;
    const fields = toPublicNoticeFields({ serial: 1, ...first.value });
    const column = (name: (typeof PUBLIC_NOTICE_COLUMNS)[number]): string => fields[PUBLIC_NOTICE_COLUMNS.indexOf(name)] ?? '';
    expect(column('政策依据文号')).toBe(first.value.program.documents[0]?.docNo);
    expect(column('公示起')).toBe(first.value.program.noticeFrom);
    expect(column('咨询电话')).toMatch(/^0558-\d{7}$/);
    expect(column('监督电话')).toMatch(/^0558-\d{7}$/);
    expect(column('身份证号')).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(column('账号')).toMatch(/^\*{4}\d{4}$/);
  });
});
