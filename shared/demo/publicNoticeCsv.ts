import { formatFenAsYuan, parseYuanToFen } from '../money';
import { disbursementSchema, type Disbursement, type DisbursementStatus } from '../domain/disbursement';
import type { FundProgram, QuantityUnit } from '../domain/fundProgram';
import type { County } from '../domain/place';
import { maskIdNumber } from '../privacy/masking';

/** The public-notice (公示) column layout of a disbursement list, in order. */
export const PUBLIC_NOTICE_COLUMNS = [
  '序号', '年度', '补贴项目', '期号', '主管部门', '乡镇', '村', '组', '户号', '户主姓名',
  '身份证号', '账号', '计量依据', '标准', '应发金额', '实发金额', '发放日期', '状态', '失败原因',
  '政策依据文号', '公示起', '公示止', '咨询电话', '监督电话',
] as const;

export const STATUS_LABELS_ZH: Record<DisbursementStatus, string> = {
  paid: '已发放',
  pending: '待发放',
  failed: '发放失败',
  returned: '已退回',
};

export const UNIT_LABELS_ZH: Record<QuantityUnit, string> = {
  mu: '亩',
  household: '户',
  person: '人',
  head: '头',
  machine: '台',
};

const STATUS_BY_LABEL = new Map(Object.entries(STATUS_LABELS_ZH).map(([k, v]) => [v, k as DisbursementStatus]));
const UNIT_BY_LABEL = new Map(Object.entries(UNIT_LABELS_ZH).map(([k, v]) => [v, k as QuantityUnit]));

/** The stable key of a disbursement line. */
export function disbursementId(programId: string, period: number, villageCode: string, householdNo: string): string {
  return `${programId}|${period}|${villageCode}|${householdNo}`;
}

/** "8.50" hundredths → "8.50亩" */
export function formatQuantity(hundredths: number, unit: QuantityUnit): string {
  return `${formatFenAsYuan(hundredths)}${UNIT_LABELS_ZH[unit]}`;
}

export interface PublicNoticeRowInput {
  serial: number;
  program: FundProgram;
  townshipName: string;
  villageName: string;
  row: Disbursement;
}

/** Writes one disbursement as the 24 public-notice fields. */
export function toPublicNoticeFields({ serial, program, townshipName, villageName, row }: PublicNoticeRowInput): string[] {
  return [
    String(serial), String(row.year), program.name, String(row.period), program.department,
    townshipName, villageName, `${row.group}组`, row.householdNo, row.headName,
    row.idMasked, `****${row.accountLast4}`, formatQuantity(row.quantityHundredths, row.unit),
    `${formatFenAsYuan(row.rateFen)}元/${UNIT_LABELS_ZH[row.unit]}`, formatFenAsYuan(row.dueFen), formatFenAsYuan(row.paidFen),
    row.paidDate ?? '', STATUS_LABELS_ZH[row.status], row.failureReason,
    program.documents[0]?.docNo ?? '', program.noticeFrom, program.noticeTo, program.consultPhone, program.supervisePhone,
  ];
}

/** Lookups a file is read against: programs by name and year, villages by township and village name. */
export class PublicNoticeContext {
  private readonly programs = new Map<string, FundProgram>();
  private readonly villages = new Map<string, { townshipCode: string; villageCode: string }>();

  constructor(county: County, programs: readonly FundProgram[]) {
    for (const p of programs) this.programs.set(`${p.year}|${p.name}`, p);
    const townshipNames = new Map(county.townships.map((t) => [t.code, t.name]));
    for (const v of county.villages) {
      this.villages.set(`${townshipNames.get(v.townshipCode) ?? ''}|${v.name}`, { townshipCode: v.townshipCode, villageCode: v.code });
    }
  }

  program(year: number, name: string): FundProgram | undefined {
    return this.programs.get(`${year}|${name}`);
  }

  village(townshipName: string, villageName: string): { townshipCode: string; villageCode: string } | undefined {
    return this.villages.get(`${townshipName}|${villageName}`);
  }
}

export type ParsedRow = { ok: true; row: Disbursement; program: FundProgram } | { ok: false; reason: string };

function field(fields: readonly string[], index: number): string {
  return (fields[index] ?? '').trim();
}

/** Checks that a header row is exactly the public-notice layout; returns a reason when not. */
export function checkPublicNoticeHeader(fields: readonly string[]): string | null {
  const got = fields.map((f) => f.trim());
  const missing = PUBLIC_NOTICE_COLUMNS.filter((c, i) => got[i] !== c);
  if (got.length !== PUBLIC_NOTICE_COLUMNS.length || missing.length > 0) {
    return `header does not match the public-notice layout (expected ${PUBLIC_NOTICE_COLUMNS.join(',')})`;
  }
  return null;
}

/** Parses one data row of the public-notice layout into a validated disbursement. */
export function parsePublicNoticeRow(fields: readonly string[], ctx: PublicNoticeContext): ParsedRow {
  if (fields.length !== PUBLIC_NOTICE_COLUMNS.length) {
    return { ok: false, reason: `expected ${PUBLIC_NOTICE_COLUMNS.length} columns, found ${fields.length}` };
  }
  const year = Number(field(fields, 1));
  const program = ctx.program(year, field(fields, 2));
  if (!program) return { ok: false, reason: `unknown program "${field(fields, 2)}" in year ${field(fields, 1)}` };
  const place = ctx.village(field(fields, 5), field(fields, 6));
  if (!place) return { ok: false, reason: `unknown village "${field(fields, 5)} ${field(fields, 6)}"` };
  const group = /^(\d{1,2})组?$/.exec(field(fields, 7));
  if (!group) return { ok: false, reason: `group "${field(fields, 7)}" is not like 3组` };
  const quantity = /^(\d+(?:\.\d{1,2})?)(\D+)$/.exec(field(fields, 12));
  const unit = quantity ? UNIT_BY_LABEL.get(quantity[2] ?? '') : undefined;
  if (!quantity || !unit) return { ok: false, reason: `basis "${field(fields, 12)}" is not like 8.50亩` };
  const rate = /^(\d+(?:\.\d{1,2})?)元\/(\D+)$/.exec(field(fields, 13));
  if (!rate || UNIT_BY_LABEL.get(rate[2] ?? '') !== unit) return { ok: false, reason: `standard "${field(fields, 13)}" is not like 95.00元/亩` };
  const status = STATUS_BY_LABEL.get(field(fields, 17));
  if (!status) return { ok: false, reason: `status "${field(fields, 17)}" is not one of ${Object.values(STATUS_LABELS_ZH).join('/')}` };
  const account = /^(?:\*{0,16})(\d{4})$/.exec(field(fields, 11));
  if (!account) return { ok: false, reason: `account "${field(fields, 11)}" must show only its last 4 digits` };
  let idMasked: string;
  let amounts: { quantity: number; rate: number; due: number; paid: number };
  try {
    idMasked = maskIdNumber(field(fields, 10));
    amounts = {
      quantity: parseYuanToFen(quantity[1] ?? ''),
      rate: parseYuanToFen(rate[1] ?? ''),
      due: parseYuanToFen(field(fields, 14)),
      paid: parseYuanToFen(field(fields, 15)),
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const householdNo = field(fields, 8);
  const period = Number(field(fields, 3));
  const candidate = {
    id: disbursementId(program.id, period, place.villageCode, householdNo),
    programId: program.id,
    year,
    period,
    townshipCode: place.townshipCode,
    villageCode: place.villageCode,
    group: Number(group[1]),
    householdNo,
    headName: field(fields, 9),
    idMasked,
    accountLast4: account[1] ?? '',
    quantityHundredths: amounts.quantity,
    unit,
    rateFen: amounts.rate,
    dueFen: amounts.due,
    paidFen: amounts.paid,
    paidDate: field(fields, 16) === '' ? null : field(fields, 16),
    status,
    failureReason: field(fields, 18),
  };
  const parsed = disbursementSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, row: parsed.data, program };
}

