import type { FundField } from '../dashboard/funds';
import { FundFileError } from './fileError';

/**
 * Column names seen on county finance bureaus' lists (惠民惠农财政补贴资金"一卡通" exports,
 * township spreadsheets, the public-notice layout), normalised by normaliseHeader.
 */
const SYNONYMS: Record<FundField, readonly string[]> = {
  serial: ['序号', '编号'],
  year: ['年度', '年份', '补贴年度'],
  programName: ['补贴项目', '项目名称', '补贴名称', '补贴项目名称', '项目', '资金项目', '补贴类型'],
  period: ['期号', '期次', '批次'],
  department: ['主管部门'],
  townshipName: ['乡镇', '乡镇名称', '乡镇街道', '乡镇名'],
  villageName: ['村', '村名', '行政村', '村委会', '村名称', '村居'],
  villageCode: ['村代码', '行政村代码', '村编码', '村统计代码', '村区划代码'],
  group: ['组', '村民组', '村民小组', '小组', '组别'],
  householdNo: ['户号', '户编号'],
  headName: ['姓名', '户主姓名', '户主', '农户姓名', '户主名称'],
  idNumber: ['身份证号', '身份证号码', '证件号码', '户主身份证号', '户主身份证号码', '身份证'],
  account: ['账号', '帐号', '银行账号', '银行帐号', '一卡通账号', '卡号', '存折账号', '社保卡号'],
  basis: ['计量依据', '补贴面积', '面积', '补贴数量', '数量', '计税面积'],
  rate: ['标准', '补贴标准'],
  dueAmount: ['应发金额', '应补金额', '应发'],
  paidAmount: ['实发金额', '实补金额', '实发'],
  amount: ['金额', '补贴金额', '发放金额', '补助金额'],
  paidDate: ['发放日期', '发放时间', '打卡日期', '拨付日期'],
  status: ['状态', '发放状态'],
  failureReason: ['失败原因', '退回原因'],
};

const FIELD_BY_NAME = new Map<string, FundField>();
for (const [field, names] of Object.entries(SYNONYMS) as Array<[FundField, readonly string[]]>) {
  for (const name of names) FIELD_BY_NAME.set(name, field);
}

/** A header cell needs this many recognised names (and a name or ID column) to be the header row. */
export const MIN_HEADER_MATCHES = 3;
/** Title rows tolerated above the header before the file is refused. */
export const MAX_TITLE_ROWS = 20;

/** "补贴金额（元）" → "补贴金额"; spaces of any width and a trailing unit in brackets are dropped. */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/[\s\u3000]+/g, '')
    .replace(/[(（][^()（）]*[)）]$/, '')
    .replace(/[:：*]$/, '');
}

export interface HeaderMapping {
  /** Column index of each mapped field (the first column wins when two map to the same field). */
  columns: Partial<Record<FundField, number>>;
  /** For the preview: the column as written and the field it was mapped to, in column order. */
  mapped: Array<{ column: string; field: FundField }>;
}

/** Maps a candidate header row; null when it does not look like one. */
export function mapHeaderRow(cells: readonly string[]): HeaderMapping | null {
  const columns: Partial<Record<FundField, number>> = {};
  const mapped: HeaderMapping['mapped'] = [];
  cells.forEach((cell, index) => {
    const field = FIELD_BY_NAME.get(normaliseHeader(cell));
    if (field === undefined || columns[field] !== undefined) return;
    columns[field] = index;
    mapped.push({ column: cell.trim(), field });
  });
  const looksLikeHeader = mapped.length >= MIN_HEADER_MATCHES && (columns.headName !== undefined || columns.idNumber !== undefined);
  return looksLikeHeader ? { columns, mapped } : null;
}

/**
 * Throws a FundFileError when a column the import cannot do without is missing, naming what is
 * missing and what was found. `programGiven`: the upload names its program, so no program column
 * is needed.
 */
export function requireFundColumns(header: HeaderMapping, cells: readonly string[], programGiven: boolean): void {
  const c = header.columns;
  const missing: string[] = [];
  if (c.headName === undefined) missing.push('户主姓名 (姓名)');
  if (c.idNumber === undefined) missing.push('身份证号 (证件号码)');
  if (c.account === undefined) missing.push('账号');
  if (c.villageCode === undefined && c.villageName === undefined) missing.push('村 (村名/行政村/村代码)');
  if (c.amount === undefined && c.dueAmount === undefined && c.paidAmount === undefined) missing.push('金额 (应发金额/实发金额/发放金额)');
  if (!programGiven && c.programName === undefined) missing.push('补贴项目 (or choose the program when uploading)');
  if (missing.length > 0) {
    const found = cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
    throw new FundFileError(`required columns missing: ${missing.join(', ')}; the header row has: ${found.join(', ') || '(nothing)'}`);
  }
}

export function describeNoHeader(firstRows: ReadonlyArray<readonly string[]>): FundFileError {
  const seen = firstRows[0]?.map((cell) => cell.trim()).filter((cell) => cell !== '') ?? [];
  return new FundFileError(
    `no header row found in the first ${MAX_TITLE_ROWS + 1} rows (expected columns such as 户主姓名, 身份证号, 账号, 村, 金额); ` +
      `the first row has: ${seen.join(', ') || '(nothing)'}`,
  );
}
