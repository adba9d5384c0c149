import type { Kysely } from 'kysely';
import type { Disbursement } from '../../../../shared/domain/disbursement';
import { fundSliceKey, type FundSliceSummary } from '../../../../shared/funds/fundListValidator';
import { HashedKeySet } from '../../../../shared/funds/keySet';
import type { Database } from '../../db/schema';
import { replaceFundTotals } from '../../repositories/fundTotals';

/** Sums published disbursements per (program, village), counting each household once, in bounded memory. */
export class FundSliceAccumulator {
  private readonly slices = new Map<string, FundSliceSummary>();
  private readonly households = new HashedKeySet();
  private rows = 0;

  add(row: Disbursement): void {
    const key = fundSliceKey(row.programId, row.villageCode);
    const slice = this.slices.get(key) ?? { programId: row.programId, villageCode: row.villageCode, households: 0, dueFen: 0, paidFen: 0 };
    if (this.households.add(`${key}|${row.householdNo}`, ++this.rows) === null) slice.households++;
    slice.dueFen += row.dueFen;
    slice.paidFen += row.paidFen;
    this.slices.set(key, slice);
  }

  /** Replaces the fund_totals rows of every slice seen. */
  async save(db: Kysely<Database>, publishedAt: Date): Promise<void> {
    const slices = [...this.slices.values()];
    await db.transaction().execute((trx) => replaceFundTotals(trx, slices, publishedAt.toISOString()));
  }
}
