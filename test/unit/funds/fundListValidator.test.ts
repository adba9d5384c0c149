import { describe, expect, it } from 'vitest';
import { FUND_BAD_ROWS_LISTED } from '../../../shared/dashboard/funds';
import { FundFileError } from '../../../shared/funds/fileError';
import { HashedKeySet } from '../../../shared/funds/keySet';
import { FINANCE_HEADER, financeLine, fundContext, readCsvText, validId, VILLAGE_A1, VILLAGE_B1 } from './support';

const file = (...lines: string[]): string => lines.join('\r\n') + '\r\n';

function badReasons(text: string, programId?: string): string[] {
  return readCsvText(text, fundContext(programId)).validator.counts().badRows.map((b) => `${b.line}: ${b.reason}`);
}

describe('a finance-bureau list', () => {
  it('skips title rows, maps synonyms and fills the documented defaults', () => {
    const text = file('2024年耕地地力保护补贴发放花名册', '填报单位：城关镇财政所,,,', FINANCE_HEADER, financeLine(1), '合计,,,,,,,,,,807.50,');
    const { validator, rows } = readCsvText(text);
    const counts = validator.counts();
    expect(counts.skippedTitleRows).toBe(2);
    expect(counts.skippedTotalRows).toBe(1);
    expect(counts.headerMapping.map((m) => m.field)).toEqual([
      'serial', 'headName', 'idNumber', 'townshipName', 'villageName', 'group', 'householdNo', 'account', 'programName', 'year', 'amount', 'paidDate',
    ]);
    expect(counts.headerMapping[10]).toEqual({ column: '补贴金额（元）', field: 'amount' });
    const id = validId(1);
    expect(rows).toEqual([
      {
        id: `GDLB-2024|1|${VILLAGE_A1}|030001`, programId: 'GDLB-2024', year: 2024, period: 1, townshipCode: '341222100', villageCode: VILLAGE_A1,
        group: 3, householdNo: '030001', headName: '王小华', idMasked: `${id.slice(0, 6)}********${id.slice(-4)}`, accountLast4: '0123',
        quantityHundredths: 824, unit: 'mu', rateFen: 9_800, dueFen: 80_750, paidFen: 80_750, paidDate: '2024-06-15', status: 'paid', failureReason: '',
      },
    ]);
    expect(counts.byProgram).toEqual([{ programId: 'GDLB-2024', programName: '耕地地力保护补贴', year: 2024, rows: 1, dueFen: 80_750, paidFen: 80_750 }]);
    expect(counts.byVillage).toEqual([{ villageCode: VILLAGE_A1, villageName: '东风村', rows: 1, paidFen: 80_750 }]);
  });

  it('reads the 24-column public-notice layout with 应发/实发, status and reason', () => {
    const header = '序号,年度,补贴项目,期号,主管部门,乡镇,村,组,户号,户主姓名,身份证号,账号,计量依据,标准,应发金额,实发金额,发放日期,状态,失败原因';
    const row = ['1', '2024', '耕地地力保护补贴', '2', '县农业农村局', '河口乡', '红星村', '2组', '030127', '解晓东', '341222********3333', '****3333', '8.50亩', '98.00元/亩', '833.00', '0.00', '', '发放失败', '账户已销户'];
    const { rows, validator } = readCsvText(file(header, row.join(',')));
    expect(validator.counts().badRows).toEqual([]);
    expect(rows[0]).toMatchObject({ period: 2, villageCode: VILLAGE_B1, quantityHundredths: 850, dueFen: 83_300, paidFen: 0, status: 'failed', failureReason: '账户已销户', idMasked: '341222********3333' });
  });

  it('derives household numbers when there is no 户号 column, and a pending status without a date', () => {
    const text = file('姓名,证件号码,行政村,金额,账号', `王小华,${validId(5)},东风,100,1234`);
    const { rows } = readCsvText(text, fundContext('GDLB-2024'));
    expect(rows[0]).toMatchObject({ householdNo: expect.stringMatching(/^\d{6}$/), status: 'pending', paidFen: 0, dueFen: 10_000, group: 1, period: 1 });
  });

  it('lists every bad-row reason with its line', () => {
    const text = file(
      FINANCE_HEADER,
      financeLine(1),
      financeLine(2, { amount: '-5' }),
      financeLine(3, { amount: '2000000' }),
      financeLine(4, { village: '不存在村' }),
      financeLine(5, { program: '不存在补贴' }),
      financeLine(6, { id: validId(6).slice(0, 17) + (validId(6).endsWith('1') ? '2' : '1') }),
      financeLine(7, { amount: '0' }),
      financeLine(8, { date: '2024-13-01' }),
      financeLine(1),
      financeLine(9, { year: '2023' }),
    );
    const reasons = badReasons(text);
    expect(reasons).toEqual([
      expect.stringMatching(/^3: 补贴金额（元） "-5" is negative/),
      expect.stringMatching(/^4: .*more than 1,000,000 元/),
      expect.stringMatching(/^5: unknown village "城关镇 不存在村"/),
      expect.stringMatching(/^6: unknown program "不存在补贴" in year 2024/),
      expect.stringMatching(/^7: ID number is not valid: the check digit/),
      expect.stringMatching(/^8: a paid row has a zero amount/),
      expect.stringMatching(/^9: date "2024-13-01"/),
      expect.stringMatching(/^10: duplicate of line 2/),
    ]);
    // GDLB-2023 exists: line 11 is good.
    expect(readCsvText(text).validator.counts()).toMatchObject({ rows: 10, goodRows: 2, badRowCount: 8, duplicates: 1 });
  });

  it('refuses rows of another program than the one chosen', () => {
    expect(badReasons(file(FINANCE_HEADER, financeLine(1, { program: '农机购置补贴' })), 'GDLB-2024')).toEqual([expect.stringMatching(/is not 耕地地力保护补贴 \(GDLB-2024\)/)]);
  });

  it('counts all bad rows but lists the first 1,000', () => {
    const lines = [FINANCE_HEADER];
    for (let i = 1; i <= FUND_BAD_ROWS_LISTED + 5; i++) lines.push(financeLine(i, { amount: '-1', id: validId(i % 1000) }));
    const counts = readCsvText(file(...lines)).validator.counts();
    expect(counts.badRowCount).toBe(FUND_BAD_ROWS_LISTED + 5);
    expect(counts.badRows).toHaveLength(FUND_BAD_ROWS_LISTED);
  });
});

describe('file-level errors', () => {
  it('lists missing columns and what was found', () => {
    expect(() => readCsvText(file('户主姓名,身份证号,金额,备注', `王小华,${validId(1)},1,`))).toThrow(/required columns missing: 账号, 村 .*补贴项目.*the header row has: 户主姓名, 身份证号, 金额, 备注/);
  });

  it('says when no header row appears', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `标题${i},x`);
    expect(() => readCsvText(file(...lines))).toThrow(FundFileError);
    expect(() => readCsvText(file('只有标题'))).toThrow(/no header row found/);
  });
});

describe('HashedKeySet', () => {
  it('finds every key again after growing and reports first lines', () => {
    const set = new HashedKeySet(16);
    for (let i = 1; i <= 50_000; i++) expect(set.add(`key-${i}`, i)).toBeNull();
    expect(set.size).toBe(50_000);
    expect(set.add('key-777', 60_000)).toBe(777);
    expect(set.has('key-50000')).toBe(true);
    expect(set.has('key-50001')).toBe(false);
  });
});
