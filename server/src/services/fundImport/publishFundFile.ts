import { sql, SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import { FundListValidator } from '../../../../shared/funds/fundListValidator';
import { PUBLICATION_KEY, type Publication } from '../../../../shared/sync/pullStreams';
import type { Database } from '../../db/schema';
import { appendChanges, type NewChange } from '../../repositories/changes';
import { replaceFundTotals } from '../../repositories/fundTotals';
import { findPublishedDataAsOf } from '../content/contentLog';
import { countyDate } from '../../../../shared/calendar/countyDay';
import { loadFundContext } from './fundContextLoader';
import { readFundFile } from './fundSource';
import type { FundFileCheck } from './validateFundFile';

/**
 * Rows gathered before handing them to appendChanges, sorted by village: the change log removes
 * superseded rows with one DELETE per village in each insert chunk, so a list ordered by anything
 * but village (by program, by name) would otherwise cost a statement per row.
 */
const APPEND_BATCH = 20_000;

/**
 * The file cannot be published: it has bad rows (then `counts` says which), no rows, or no longer
 * passes (a village or program changed since the preview). Nothing was written.
 */
export class FundPublishError extends Error {
  override name = 'FundPublishError';
  constructor(message: string, readonly check: FundFileCheck | null = null) {
    super(message);
  }
}

export interface FundFilePublication {
  published: number;
  removed: number;
  dataAsOf: string;
  publishedAt: string;
  /** What the publishing pass read: the same summary a preview shows. */
  check: FundFileCheck;
}

/**
 * Publishes a disbursement list all or nothing, in one pass over the file: one transaction
 * checks every row against the county as it is now and appends a put per good row; at the end,
 * any bad row (all of them are counted and listed, as in a preview) rolls everything back. The
 * file replaces each (program, village) slice it covers: disbursements of that slice absent from
 * the file are deleted, so a household the bureau dropped disappears from the kiosks. Then the
 * slices' totals and a new 'publication' record ("data as of" the county's date today, server clock).
 *
 * Within a village the rows keep the file's order (the kiosk ranks them in that order).
 * On PostgreSQL this holds the change-log writer lock until commit: kiosk pushes that write
 * county changes wait for it (seconds for a very large list).
 */
export async function publishFundFile(db: Kysely<Database>, path: string, programId: string | undefined, now: Date): Promise<FundFilePublication> {
  return withLargeSqliteCache(db, () => publishInTransaction(db, path, programId, now));
}

/**
 * SQLite's default page cache (2 MB) makes a million-row transaction spill and re-read index
 * pages all along; a bigger cache for the length of the publication keeps it in memory.
 */
export const PUBLISH_SQLITE_CACHE_KIB = 64 * 1024;

async function withLargeSqliteCache<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return work();
  const before = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  await sql.raw(`pragma cache_size = -${PUBLISH_SQLITE_CACHE_KIB}`).execute(db);
  try {
    return await work();
  } finally {
    await sql.raw(`pragma cache_size = ${Number(before.rows[0]?.cache_size ?? -2000)}`).execute(db);
  }
}

async function publishInTransaction(db: Kysely<Database>, path: string, programId: string | undefined, now: Date): Promise<FundFilePublication> {
  return db.transaction().execute(async (trx) => {
    const validator = new FundListValidator(await loadFundContext(trx, programId));
    let batch: NewChange[] = [];
    let published = 0;
    let bad = 0;
    const flush = async (): Promise<void> => {
      const changes = batch;
      batch = [];
      if (bad > 0) return;
      // Array#sort is stable: each village's rows stay in file order.
      changes.sort((a, b) => (a.villageCode! < b.villageCode! ? -1 : a.villageCode! > b.villageCode! ? 1 : 0));
      await appendChanges(trx, changes, now);
    };
    const source = await readFundFile(path, (record) => {
      const parsed = validator.push(record);
      if (parsed === null) return undefined;
      if (!parsed.ok) {
        bad++;
        batch = [];
        return undefined;
      }
      if (bad > 0) return undefined;
      batch.push({ stream: 'disbursement', villageCode: parsed.row.villageCode, op: 'put', key: parsed.row.id, value: parsed.row });
      published++;
      return batch.length >= APPEND_BATCH ? flush() : undefined;
    });
    validator.finish();
    const check: FundFileCheck = { ...source, counts: validator.counts() };
    if (bad > 0) throw new FundPublishError(`${bad} bad rows; nothing was published`, check);
    if (published === 0) throw new FundPublishError('the file has no disbursement rows; nothing was published', check);
    await flush();
    const slices = validator.coveredSlices();
    const removed = await removeAbsentRows(trx, slices, (key) => validator.hasKey(key), now);
    const publishedAt = now.toISOString();
    await replaceFundTotals(trx, slices, publishedAt);
    // Never backwards, as content edits do it: an import may have published a later date than today.
    const today = countyDate(now);
    const current = await findPublishedDataAsOf(trx, PUBLICATION_KEY);
    const publication: Publication = { dataAsOf: current !== null && current > today ? current : today };
    await appendChanges(trx, [{ stream: 'publication', villageCode: null, op: 'put', key: PUBLICATION_KEY, value: publication }], now);
    return { published, removed, dataAsOf: publication.dataAsOf, publishedAt, check };
  });
}

async function removeAbsentRows(
  trx: Transaction<Database>,
  slices: ReadonlyArray<{ programId: string; villageCode: string }>,
  inFile: (key: string) => boolean,
  now: Date,
): Promise<number> {
  let removed = 0;
  for (const slice of slices) {
    // Program ids are [A-Z]-digits: nothing in them is a LIKE wildcard.
    const rows = await trx
      .selectFrom('changes')
      .select('key')
      .where('village_code', '=', slice.villageCode)
      .where('stream', '=', 'disbursement')
      .where('op', '=', 'put')
      .where('key', 'like', `${slice.programId}|%`)
      .execute();
    const deletes: NewChange[] = rows
      .filter((r) => !inFile(r.key))
      .map((r) => ({ stream: 'disbursement', villageCode: slice.villageCode, op: 'delete', key: r.key, value: null }));
    for (let i = 0; i < deletes.length; i += APPEND_BATCH) await appendChanges(trx, deletes.slice(i, i + APPEND_BATCH), now);
    removed += deletes.length;
  }
  return removed;
}
