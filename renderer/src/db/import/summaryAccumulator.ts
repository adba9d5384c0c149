import type { Disbursement } from '../../../../shared/domain/disbursement';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { groupTotalsKey, type ProgramSummary } from '../schema';

/** Program totals kept while rows are written, so screens read one record instead of scanning rows. */
export class SummaryAccumulator {
  private readonly summaries = new Map<string, ProgramSummary>();

  constructor(programs: readonly FundProgram[]) {
    // Every program gets a summary, even with no rows in this scope: screens then show zeros, not gaps.
    for (const p of programs) {
      this.summaries.set(p.id, { programId: p.id, year: p.year, rows: 0, dueFen: 0, paidFen: 0, paid: 0, pending: 0, failed: 0, returned: 0, byGroup: {} });
    }
  }

  add(row: Disbursement): void {
    const summary = this.summaries.get(row.programId);
    if (!summary) throw new Error(`no program ${row.programId} for a disbursement row`);
    summary.rows++;
    summary.dueFen += row.dueFen;
    summary.paidFen += row.paidFen;
    summary[row.status]++;
    const key = groupTotalsKey(row.villageCode, row.group);
    const group = (summary.byGroup[key] ??= { villageCode: row.villageCode, group: row.group, rows: 0, dueFen: 0, paidFen: 0 });
    group.rows++;
    group.dueFen += row.dueFen;
    group.paidFen += row.paidFen;
  }

  values(): ProgramSummary[] {
    return Array.from(this.summaries.values());
  }
}
