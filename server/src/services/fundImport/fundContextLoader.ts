import type { Kysely, Transaction } from 'kysely';
import { countySchema } from '../../../../shared/domain/place';
import { FundImportContext } from '../../../../shared/funds/fundContext';
import type { Database } from '../../db/schema';
import { listCurrentPrograms } from '../../repositories/fundTotals';

export class UnknownFundProgramError extends Error {
  override name = 'UnknownFundProgramError';
}

/** Township names come from the published county record; villages from the villages table. */
async function townshipNames(db: Kysely<Database> | Transaction<Database>): Promise<Map<string, string>> {
  const row = await db.selectFrom('changes').select('value').where('stream', '=', 'county').where('op', '=', 'put').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const parsed = countySchema.safeParse(JSON.parse(row?.value ?? 'null'));
  return new Map(parsed.success ? parsed.data.townships.map((t) => [t.code, t.name]) : []);
}

/** The county as a file is checked against: its current programs and its villages. */
export async function loadFundContext(db: Kysely<Database> | Transaction<Database>, programId?: string): Promise<FundImportContext> {
  const programs = await listCurrentPrograms(db);
  if (programId !== undefined && !programs.some((p) => p.id === programId)) throw new UnknownFundProgramError(`program ${programId} does not exist`);
  const townships = await townshipNames(db);
  const villages = await db.selectFrom('villages').select(['code', 'name', 'township_code']).execute();
  return new FundImportContext(
    villages.map((v) => ({ code: v.code, name: v.name, townshipCode: v.township_code, townshipName: townships.get(v.township_code) ?? '' })),
    programs,
    programId,
  );
}
