import type { FundField } from '../dashboard/funds';
import { disbursementId, STATUS_LABELS_ZH, UNIT_LABELS_ZH } from '../demo/publicNoticeCsv';
import { disbursementSchema, type Disbursement, type DisbursementStatus } from '../domain/disbursement';
import type { FundProgram, QuantityUnit } from '../domain/fundProgram';
import { MoneyFormatError, parseYuanToFen } from '../money';
import type { FundImportContext, FundVillage } from './fundContext';
import {
  deriveHouseholdNo, parseAccountLast4, parseAmountFen, parseGroupNo, parseHouseholdNo, parseIdToMasked, parseIsoDate, toHalfWidth,
  type FieldResult,
} from './fieldParsing';
import type { HeaderMapping } from './headerMapping';

/*
 * Defaults for what a shorter finance-bureau layout lacks (the public-notice layout has it all):
 * - period (期号): 1;  group (组): 1;
 * - household number (户号): derived from the masked ID and the name (deriveHouseholdNo);
 * - due amount: 应发金额, else 金额/发放金额, else 实发金额;
 * - paid amount: 实发金额; without it, the due amount when the row is paid (状态 says so, or, with
 *   no 状态 column, a 发放日期 is given), else 0;
 * - status: 状态 when present; else paid when a 发放日期 is given (a zero amount is then a bad row), else pending;
 * - unit and rate (计量依据, 标准): the program's; quantity: due ÷ rate (0 when the rate is 0).
 */

export type ParsedFundRow =
  | { ok: true; row: Disbursement; program: FundProgram; village: FundVillage }
  | { ok: false; reason: string };

const STATUS_BY_LABEL = new Map<string, DisbursementStatus>([
  ...Object.entries(STATUS_LABELS_ZH).map(([status, label]) => [label, status as DisbursementStatus] as const),
  ...(['paid', 'pending', 'failed', 'returned'] as const).map((s) => [s, s] as const),
  ['已发', 'paid'], ['发放成功', 'paid'], ['成功', 'paid'], ['已到账', 'paid'], ['已打卡', 'paid'], ['已兑付', 'paid'],
  ['待发', 'pending'], ['未发放', 'pending'], ['未发', 'pending'], ['处理中', 'pending'],
  ['失败', 'failed'], ['打卡失败', 'failed'],
  ['退回', 'returned'], ['已退', 'returned'],
]);
const UNIT_BY_LABEL = new Map(Object.entries(UNIT_LABELS_ZH).map(([unit, label]) => [label, unit as QuantityUnit]));

class RowProblem extends Error {}

function take<T>(result: FieldResult<T>): T {
  if (!result.ok) throw new RowProblem(result.reason);
  return result.value;
}

function resolveProgram(cell: (f: FundField) => string, ctx: FundImportContext): FundProgram {
  const name = cell('programName');
  const yearText = toHalfWidth(cell('year')).replace(/年度?$/, '');
  const year = yearText === '' ? null : Number(yearText);
  if (year !== null && !Number.isInteger(year)) throw new RowProblem(`year "${cell('year')}" is not a year`);
  const fixed = ctx.fixedProgram;
  if (fixed !== null) {
    if (name !== '' && name !== fixed.name && name !== fixed.id) throw new RowProblem(`program "${name}" is not ${fixed.name} (${fixed.id}), the program chosen for this upload`);
    if (year !== null && year !== fixed.year) throw new RowProblem(`year ${year} is not ${fixed.year}, the year of ${fixed.id}`);
    return fixed;
  }
  if (name === '') throw new RowProblem('program (补贴项目) is empty');
  const byId = ctx.programById(name);
  if (byId !== undefined) return byId;
  const named = ctx.programsNamed(name).filter((p) => year === null || p.year === year);
  if (named.length === 1) return named[0] as FundProgram;
  if (named.length > 1) throw new RowProblem(`program "${name}" exists in several years; add a 年度 column`);
  throw new RowProblem(year === null ? `unknown program "${name}"` : `unknown program "${name}" in year ${year}`);
}

function resolveVillage(cell: (f: FundField) => string, has: (f: FundField) => boolean, ctx: FundImportContext): FundVillage {
  const code = toHalfWidth(cell('villageCode'));
  if (code !== '') {
    const village = ctx.village(code);
    if (village === undefined) throw new RowProblem(`unknown village code "${code}"`);
    return village;
  }
  const name = cell('villageName');
  if (name === '') throw new RowProblem(has('villageCode') ? 'village code (村代码) is empty' : 'village (村) is empty');
  const township = cell('townshipName');
  const villages = ctx.villagesNamed(name, township);
  if (villages.length === 1) return villages[0] as FundVillage;
  if (villages.length > 1) throw new RowProblem(`village "${name}" exists in several townships; add a 乡镇 column`);
  throw new RowProblem(`unknown village "${township === '' ? '' : `${township} `}${name}"`);
}

function parseStatus(text: string): DisbursementStatus {
  const status = STATUS_BY_LABEL.get(toHalfWidth(text));
  if (status === undefined) throw new RowProblem(`status "${text}" is not one of ${Object.values(STATUS_LABELS_ZH).join('/')}`);
  return status;
}

/** "95.00元/亩" or "95" → rate and unit (the program's unit when none is written). */
function parseRate(text: string, program: FundProgram): { rateFen: number; unit: QuantityUnit } {
  const match = /^(\d+(?:\.\d{1,2})?)(?:元(?:\/(.+))?)?$/.exec(toHalfWidth(text));
  const unit = match?.[2] === undefined ? program.unit : UNIT_BY_LABEL.get(match[2]);
  if (!match || unit === undefined) throw new RowProblem(`standard "${text}" is not like 95.00元/亩`);
  return { rateFen: parseYuanToFen(match[1] as string), unit };
}

function parseQuantity(text: string, unit: QuantityUnit): number {
  const match = /^(\d+(?:\.\d{1,2})?)(.*)$/.exec(toHalfWidth(text));
  if (!match || (match[2] !== '' && UNIT_BY_LABEL.get(match[2] as string) !== unit)) {
    throw new RowProblem(`basis "${text}" is not like 8.50${UNIT_LABELS_ZH[unit]}`);
  }
  return parseYuanToFen(match[1] as string);
}

/** Reads one data row (fields in file order) into a validated disbursement, or says why it is bad. */
export function parseFundRow(fields: readonly string[], header: HeaderMapping, ctx: FundImportContext): ParsedFundRow {
  const has = (f: FundField): boolean => header.columns[f] !== undefined;
  const cell = (f: FundField): string => {
    const index = header.columns[f];
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };
  try {
    const program = resolveProgram(cell, ctx);
    const village = resolveVillage(cell, has, ctx);
    const headName = cell('headName').replace(/[\s\u3000]+/g, '');
    if (headName === '') throw new RowProblem('name (户主姓名) is empty');
    if (Array.from(headName).length > 20) throw new RowProblem('name (户主姓名) is longer than 20 characters');
    const idMasked = take(parseIdToMasked(cell('idNumber')));
    const accountLast4 = take(parseAccountLast4(cell('account')));
    const group = cell('group') === '' ? 1 : take(parseGroupNo(cell('group')));
    const householdNo = cell('householdNo') === '' ? deriveHouseholdNo(idMasked, headName) : take(parseHouseholdNo(cell('householdNo')));
    const periodText = toHalfWidth(cell('period')).replace(/^第/, '').replace(/期$/, '');
    const period = periodText === '' ? 1 : Number(periodText);
    if (!Number.isInteger(period) || period < 1 || period > 12) throw new RowProblem(`period "${cell('period')}" is not 1..12`);

    const dueField: FundField = has('dueAmount') ? 'dueAmount' : has('amount') ? 'amount' : 'paidAmount';
    const dueFen = take(parseAmountFen(cell(dueField), header.mapped.find((m) => m.field === dueField)?.column ?? dueField));
    const paidDate = cell('paidDate') === '' ? null : take(parseIsoDate(cell('paidDate')));
    const statusGiven = has('status') ? parseStatus(cell('status')) : null;
    const paidFen = has('paidAmount')
      ? take(parseAmountFen(cell('paidAmount'), header.mapped.find((m) => m.field === 'paidAmount')?.column ?? '实发金额'))
      : (statusGiven === null ? paidDate !== null : statusGiven === 'paid') ? dueFen : 0;
    // Without a 状态 column a payment date is what says the money went out.
    const status = statusGiven ?? (paidDate !== null ? 'paid' : 'pending');
    if (status === 'paid' && paidFen === 0) throw new RowProblem('a paid row has a zero amount');

    const { rateFen, unit } = cell('rate') === '' ? { rateFen: program.rateFen, unit: program.unit } : parseRate(cell('rate'), program);
    const quantityHundredths = cell('basis') === '' ? (rateFen > 0 ? Math.round((dueFen * 100) / rateFen) : 0) : parseQuantity(cell('basis'), unit);

    const parsed = disbursementSchema.safeParse({
      id: disbursementId(program.id, period, village.code, householdNo),
      programId: program.id,
      year: program.year,
      period,
      townshipCode: village.townshipCode,
      villageCode: village.code,
      group,
      householdNo,
      headName,
      idMasked,
      accountLast4,
      quantityHundredths,
      unit,
      rateFen,
      dueFen,
      paidFen,
      paidDate,
      status,
      failureReason: cell('failureReason'),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, reason: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}` };
    }
    return { ok: true, row: parsed.data, program, village };
  } catch (error) {
    if (error instanceof RowProblem || error instanceof MoneyFormatError) return { ok: false, reason: error.message };
    throw error;
  }
}
