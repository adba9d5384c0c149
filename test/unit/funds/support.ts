import { CsvStreamParser } from '../../../shared/csv';
import type { Disbursement } from '../../../shared/domain/disbursement';
import { FundImportContext, type FundVillage } from '../../../shared/funds/fundContext';
import { FundListValidator } from '../../../shared/funds/fundListValidator';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { FundTextDecoder, sniffFundTextEncoding } from '../../../shared/funds/textDecoding';
import { county, programs } from '../db/support/countyFixture';

export { county, programs };
export { TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2, VILLAGE_B1 } from '../db/support/countyFixture';

export const fundVillages: FundVillage[] = county.villages.map((v) => ({
  code: v.code,
  name: v.name,
  townshipCode: v.townshipCode,
  townshipName: county.townships.find((t) => t.code === v.townshipCode)?.name ?? '',
}));

export function fundContext(programId?: string): FundImportContext {
  return new FundImportContext(fundVillages, programs, programId);
}

/** A valid 18-digit ID number (real check digit) born 1987-05-12 with sequence `seq`. */
export function validId(seq: number): string {
  return completeIdNumber(`34122219870512${String(seq).padStart(3, '0')}`);
}

export interface ReadResult {
  validator: FundListValidator;
  rows: Disbursement[];
}

/** Runs bytes through the same pure pipeline the server uses: sniff, decode, CSV, validate. */
export function readCsvBytes(bytes: Uint8Array, ctx = fundContext(), chunkSize = 7): ReadResult & { encoding: string } {
  const encoding = sniffFundTextEncoding(bytes.subarray(0, 65_536), bytes.length <= 65_536);
  const decoder = new FundTextDecoder(encoding);
  const parser = new CsvStreamParser();
  const validator = new FundListValidator(ctx);
  const rows: Disbursement[] = [];
  const take = (records: ReturnType<CsvStreamParser['push']>): void => {
    for (const record of records) {
      const parsed = validator.push(record);
      if (parsed?.ok === true) rows.push(parsed.row);
    }
  };
  // Small chunks: multi-byte characters and CSV records are cut at every possible place.
  for (let i = 0; i < bytes.length; i += chunkSize) take(parser.push(decoder.decode(bytes.subarray(i, i + chunkSize))));
  take(parser.push(decoder.finish()));
  take(parser.finish());
  validator.finish();
  return { validator, rows, encoding };
}

export function readCsvText(text: string, ctx = fundContext()): ReadResult {
  return readCsvBytes(new TextEncoder().encode(text), ctx, 4096);
}

export const FINANCE_HEADER = '序号,户主姓名,身份证号码,乡镇,村,组,户号,账号,补贴项目,年度,补贴金额（元）,发放日期';

export function financeLine(serial: number, overrides: Partial<Record<'name' | 'id' | 'township' | 'village' | 'group' | 'householdNo' | 'account' | 'program' | 'year' | 'amount' | 'date', string>> = {}): string {
  const v = {
    name: '王小华', id: validId(serial % 1000), township: '城关镇', village: '东风村', group: '3组', householdNo: String(30_000 + serial),
    account: '6217001234567890123', program: '耕地地力保护补贴', year: '2024', amount: '807.50', date: '2024-06-15', ...overrides,
  };
  return [serial, v.name, v.id, v.township, v.village, v.group, v.householdNo, v.account, v.program, v.year, v.amount, v.date].join(',');
}
