import type { Kysely } from 'kysely';
import { FundListValidator, type FundListCounts } from '../../../../shared/funds/fundListValidator';
import type { Database } from '../../db/schema';
import { loadFundContext } from './fundContextLoader';
import { readFundFile, type FundSourceInfo } from './fundSource';

export interface FundFileCheck extends FundSourceInfo {
  counts: FundListCounts;
}

/** Reads a whole file once, touching nothing: counts, totals and bad rows for the preview. */
export async function checkFundFile(db: Kysely<Database>, path: string, programId?: string): Promise<FundFileCheck> {
  const validator = new FundListValidator(await loadFundContext(db, programId));
  const info = await readFundFile(path, (record) => {
    validator.push(record);
  });
  validator.finish();
  return { ...info, counts: validator.counts() };
}

export function isPublishable(counts: FundListCounts): boolean {
  return counts.badRowCount === 0 && counts.goodRows > 0;
}
