import type { Kysely, Transaction } from 'kysely';
import { fundProgramSchema, type FundProgram } from '../../../shared/domain/fundProgram';
import type { Database } from '../db/schema';

export interface VillageFundFreshness {
  villageCode: string;
  /** When fund data for this village was last published (server clock, ISO). */
  publishedAt: string;
}

export interface ProgramPayments {
  programId: string;
  programName: string;
  year: number;
  households: number;
  dueFen: number;
  paidFen: number;
}

export interface FundSliceTotals {
  programId: string;
  villageCode: string;
  households: number;
  dueFen: number;
  paidFen: number;
}

export interface ProgramTotals extends ProgramPayments {
  villages: number;
  publishedAt: string | null;
}

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * The county's current programs: the live 'program' rows of the change log (it keeps only the
 * latest row of each key, and a deleted program's latest row is a delete). Rows that no longer
 * parse are skipped rather than break every fund page.
 */
export async function listCurrentPrograms(db: Reader): Promise<FundProgram[]> {
  // Every op, in id order: until compaction runs, a delete may sit after the put it ends.
  const rows = await db.selectFrom('changes').select(['key', 'op', 'value']).where('stream', '=', 'program').orderBy('id').execute();
  const latest = new Map<string, FundProgram>();
  for (const row of rows) {
    const parsed = row.op === 'put' ? fundProgramSchema.safeParse(JSON.parse(row.value ?? 'null')) : null;
    if (parsed?.success === true) latest.set(row.key, parsed.data);
    else latest.delete(row.key);
  }
  return [...latest.values()];
}

export async function listFundFreshness(db: Kysely<Database>): Promise<VillageFundFreshness[]> {
  const rows = await db
    .selectFrom('fund_totals')
    .select(['village_code', (eb) => eb.fn.max('published_at').as('published_at')])
    .groupBy('village_code')
    .orderBy('village_code')
    .execute();
  return rows.map((r) => ({ villageCode: r.village_code, publishedAt: String(r.published_at) }));
}

/** Every current program with its published totals (zero, and null publishedAt, when nothing is published). */
export async function listProgramTotals(db: Kysely<Database>): Promise<ProgramTotals[]> {
  const programs = await listCurrentPrograms(db);
  const sums = await db
    .selectFrom('fund_totals')
    .select((eb) => [
      'program_id',
      eb.fn.countAll<number | string>().as('villages'),
      eb.fn.sum<number | string>('households').as('households'),
      eb.fn.sum<number | string>('due_fen').as('due_fen'),
      eb.fn.sum<number | string>('paid_fen').as('paid_fen'),
      eb.fn.max('published_at').as('published_at'),
    ])
    .groupBy('program_id')
    .execute();
  const byProgram = new Map(sums.map((s) => [s.program_id, s]));
  return programs
    .map((p) => {
      const s = byProgram.get(p.id);
      return {
        programId: p.id,
        programName: p.name,
        year: p.year,
        villages: Number(s?.villages ?? 0),
        households: Number(s?.households ?? 0),
        dueFen: Number(s?.due_fen ?? 0),
        paidFen: Number(s?.paid_fen ?? 0),
        publishedAt: s?.published_at === undefined || s.published_at === null ? null : String(s.published_at),
      };
    })
    .sort((a, b) => b.year - a.year || a.programId.localeCompare(b.programId));
}

export async function listPaymentsByProgram(db: Kysely<Database>): Promise<ProgramPayments[]> {
  const totals = await listProgramTotals(db);
  return totals.map(({ programId, programName, year, households, dueFen, paidFen }) => ({ programId, programName, year, households, dueFen, paidFen }));
}

/** Replaces the totals of the given (program, village) slices, inside the publishing transaction. */
export async function replaceFundTotals(trx: Transaction<Database>, slices: readonly FundSliceTotals[], publishedAt: string): Promise<void> {
  for (const s of slices) {
    await trx.deleteFrom('fund_totals').where('program_id', '=', s.programId).where('village_code', '=', s.villageCode).execute();
  }
  const rows = slices.map((s) => ({
    program_id: s.programId,
    village_code: s.villageCode,
    households: s.households,
    due_fen: s.dueFen,
    paid_fen: s.paidFen,
    published_at: publishedAt,
  }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('fund_totals').values(rows.slice(i, i + 500)).execute();
}
