import type { Disbursement } from '../../../../shared/domain/disbursement';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { groupTotalsKey, type ProgramSummary } from '../schema';

/** A program's summary before any row: screens show zeros for it, not a gap. */
export function emptyProgramSummary(programId: string, year: number): ProgramSummary {
  return { programId, year, rows: 0, dueFen: 0, paidFen: 0, paid: 0, pending: 0, failed: 0, returned: 0, byGroup: {} };
}

/**
 * Adds a row to its program's totals (sign 1) or takes it out again (sign -1, when the county
 * replaces or deletes a row). A group left without rows is dropped, as if it had never been added.
 */
export function addRowToSummary(summary: ProgramSummary, row: Disbursement, sign: 1 | -1 = 1): void {
  summary.rows += sign;
  summary.dueFen += sign * row.dueFen;
  summary.paidFen += sign * row.paidFen;
  summary[row.status] += sign;
  const key = groupTotalsKey(row.villageCode, row.group);
  const group = (summary.byGroup[key] ??= { villageCode: row.villageCode, group: row.group, rows: 0, dueFen: 0, paidFen: 0 });
  group.rows += sign;
  group.dueFen += sign * row.dueFen;
  group.paidFen += sign * row.paidFen;
  if (group.rows === 0) delete summary.byGroup[key];
}

/** Program totals kept while rows are written, so screens read one record instead of scanning rows. */
export class SummaryAccumulator {
  private readonly summaries = new Map<string, ProgramSummary>();

  constructor(programs: readonly FundProgram[]) {
    // Every program gets a summary, even with no rows in this scope: screens then show zeros, not gaps.
    for (const p of programs) this.summaries.set(p.id, emptyProgramSummary(p.id, p.year));
  }

  add(row: Disbursement): void {
    const summary = this.summaries.get(row.programId);
    if (!summary) throw new Error(`no program ${row.programId} for a disbursement row`);
    addRowToSummary(summary, row);
  }

  values(): ProgramSummary[] {
    return Array.from(this.summaries.values());
  }
}
