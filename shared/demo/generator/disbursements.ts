import type { Disbursement, DisbursementStatus } from '../../domain/disbursement';
import type { FundProgram } from '../../domain/fundProgram';
import { amountForQuantity } from '../../money';
import { disbursementId } from '../publicNoticeCsv';
import type { DemoHousehold } from './households';
import type { DemoVillage } from './places';
import type { ProgramYear, ProgramYearDraft } from './programs';
import { keyedUnit, labelKey } from './random';

/** Share of paid-out rows that bounce. */
export const FAILURE_RATE = 0.05;

/** Why a payment fails (账户问题 found by the bank) or comes back after being sent. */
const FAILURES: readonly { reason: string; status: Extract<DisbursementStatus, 'failed' | 'returned'>; weight: number }[] = [
  { reason: '账户已销户', status: 'returned', weight: 3 },
  { reason: '账户已冻结', status: 'returned', weight: 2 },
  { reason: '户名与账号不符', status: 'failed', weight: 3 },
  { reason: '社保卡未激活', status: 'failed', weight: 3 },
  { reason: '账号不存在', status: 'failed', weight: 1 },
];
const FAILURE_WEIGHT = FAILURES.reduce((sum, f) => sum + f.weight, 0);

export const FAILURE_REASONS: readonly string[] = FAILURES.map((f) => f.reason);

/** A household's account trouble is the same whenever it fails: one cancelled card, not five random stories. */
function failureFor(household: DemoHousehold): (typeof FAILURES)[number] {
  let r = household.accountTrouble * FAILURE_WEIGHT;
  for (const f of FAILURES) {
    r -= f.weight;
    if (r < 0) return f;
  }
  return FAILURES[FAILURES.length - 1] as (typeof FAILURES)[number];
}

export interface DisbursementLine {
  row: Disbursement;
  program: FundProgram;
  townshipName: string;
  villageName: string;
}

export interface DisbursementSource {
  seed: number;
  dataAsOf: string;
  villages: readonly DemoVillage[];
  /** In file order: village, group, household number. */
  households: readonly DemoHousehold[];
}

const FAIL_KEY = labelKey('payment-failure');

/**
 * One pass over households × program-years: what each program-year owes in the whole county
 * (every period; for budgets, listed or not) and how many rows it will publish.
 */
export function tallyProgramYears(drafts: readonly ProgramYearDraft[], source: DisbursementSource): { dueFen: number[]; rows: number[] } {
  const dueFen: number[] = [];
  const rows: number[] = [];
  for (const py of drafts) {
    let due = 0;
    let lines = 0;
    for (const h of source.households) {
      const quantity = py.def.quantity(h, py.year, source.seed);
      if (quantity <= 0) continue;
      due += amountForQuantity(py.rateFen, quantity) * py.def.periods;
      lines += py.def.periods;
    }
    dueFen.push(due);
    rows.push(isListed(py, source) ? lines : 0);
  }
  return { dueFen, rows };
}

/** Rows exist once the program's beneficiary list has gone up for public notice. */
function isListed(py: ProgramYearDraft, source: DisbursementSource): boolean {
  return py.schedule.noticeFrom <= source.dataAsOf;
}

function villagesWithHouseholds(source: DisbursementSource): { village: DemoVillage; households: DemoHousehold[] }[] {
  const byVillage = new Map<string, DemoHousehold[]>();
  for (const h of source.households) {
    const list = byVillage.get(h.villageCode);
    if (list) list.push(h);
    else byVillage.set(h.villageCode, [h]);
  }
  return source.villages.map((village) => ({ village, households: byVillage.get(village.code) ?? [] }));
}

/**
 * Every disbursement row, one at a time, ordered by program-year, village, group and household,
 * then period. Nothing is accumulated, so a million rows cost no more memory than ten.
 * Rows exist once the program's beneficiary list is public; a period is paid (or bounced) once
 * its payment date has passed the data date, and pending before.
 */
export function* disbursementLines(programYears: readonly ProgramYear[], source: DisbursementSource): Generator<DisbursementLine> {
  const villages = villagesWithHouseholds(source);
  for (const py of programYears) {
    if (!isListed(py, source)) continue;
    const { def, program, year } = py;
    const paid = py.schedule.paymentDates.map((date) => (program.status === 'paying' || program.status === 'completed') && date <= source.dataAsOf);
    for (const { village, households } of villages) {
      for (const h of households) {
        const quantity = def.quantity(h, year, source.seed);
        if (quantity <= 0) continue;
        const dueFen = amountForQuantity(py.rateFen, quantity);
        for (let period = 1; period <= def.periods; period++) {
          let status: DisbursementStatus = 'pending';
          let failureReason = '';
          let paidDate: string | null = null;
          if (paid[period - 1]) {
            if (keyedUnit(source.seed, FAIL_KEY, h.index, py.index, period) < FAILURE_RATE) {
              const failure = failureFor(h);
              status = failure.status;
              failureReason = failure.reason;
            } else {
              status = 'paid';
              paidDate = py.schedule.paymentDates[period - 1] ?? null;
            }
          }
          yield {
            program,
            townshipName: village.townshipName,
            villageName: village.name,
            row: {
              id: disbursementId(program.id, period, h.villageCode, h.householdNo),
              programId: program.id,
              year,
              period,
              townshipCode: h.townshipCode,
              villageCode: h.villageCode,
              group: h.group,
              householdNo: h.householdNo,
              headName: h.headName,
              idMasked: h.idMasked,
              accountLast4: h.accountLast4,
              quantityHundredths: quantity,
              unit: def.unit,
              rateFen: py.rateFen,
              dueFen,
              paidFen: status === 'paid' ? dueFen : 0,
              paidDate,
              status,
              failureReason,
            },
          };
        }
      }
    }
  }
}
