import { sql, type Kysely, type Transaction } from 'kysely';
import { PostgresAdapter } from 'kysely';
import type { Change, PULL_STREAMS } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';

export interface NewChange {
  villageCode: string | null;
  stream: (typeof PULL_STREAMS)[number];
  op: Change['op'];
  key: string;
  /** Stored as JSON text; null (or undefined) for deletes. */
  value: unknown;
}

export interface StoredChange {
  id: number;
  stream: string;
  op: string;
  key: string;
  /** JSON text as stored, or null. */
  value: string | null;
}

/**
 * Held by every writer of `changes` until its commit. Any fixed bigint works as long as nothing
 * else in this database uses it; this one spells "chglog" in ASCII.
 */
export const CHANGE_LOG_LOCK_KEY = 0x6368676c6f67;

/** Rows per INSERT statement: far below SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

/**
 * Appends changes in one transaction and returns their ids in the given order; see appendChanges.
 * Every writer of `changes` goes through here or through appendChanges.
 */
export async function publishChanges(db: Kysely<Database>, changes: NewChange[], now: Date = new Date()): Promise<number[]> {
  if (changes.length === 0) return [];
  return db.transaction().execute((trx) => appendChanges(trx, changes, now));
}

/** Takes the change log's writer lock (PostgreSQL) for the rest of the transaction `trx`. */
export async function lockChangeLog(trx: Transaction<Database>): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_LOG_LOCK_KEY)})`.execute(trx);
  }
}

/**
 * Appends changes inside the caller's transaction (so a county write and its change commit
 * together) and returns their ids in the given order.
 *
 * Readers page by `id > cursor`, so an id must never become visible after a higher one was
 * served: that row would be skipped for good. On PostgreSQL an identity value is drawn at insert
 * but visible only at commit, so two overlapping writers could commit N+1 before N and a reader
 * between the two commits would move its cursor past N. The transaction-scoped advisory lock
 * serialises change-log writers: the next writer draws its ids only after the previous one has
 * committed (PG marks a transaction visible before it releases its locks), so ids become visible
 * in id order and no reader ever sees N+1 while N is still in flight. A rolled-back writer only
 * leaves a gap, which readers step over harmlessly. SQLite serialises writers by itself.
 *
 * Each new row supersedes the older rows of its (village, stream, key), which are deleted in the
 * same transaction: the log holds only the latest row of every key, so a first sync downloads the
 * current data, not its history. A reader whose cursor is past a deleted row already has it and
 * will get its replacement (a higher id); one whose cursor is before it simply never sees it.
 */
export async function appendChanges(trx: Transaction<Database>, changes: NewChange[], now: Date = new Date()): Promise<number[]> {
  if (changes.length === 0) return [];
  const createdAt = now.toISOString();
  const rows = changes.map((c) => ({
    village_code: c.villageCode,
    stream: c.stream,
    op: c.op,
    key: c.key,
    value: c.value === undefined || c.value === null ? null : JSON.stringify(c.value),
    created_at: createdAt,
  }));
  await lockChangeLog(trx);
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const inserted = await trx.insertInto('changes').values(chunk).returning('id').execute();
    // Both dialects return the rows of a multi-row INSERT in VALUES order.
    const chunkIds = inserted.map((r) => Number(r.id));
    await removeSuperseded(trx, chunk.map((row, j) => ({ id: chunkIds[j] as number, villageCode: row.village_code, stream: row.stream, key: row.key })));
    ids.push(...chunkIds);
  }
  return ids;
}

interface InsertedRow {
  id: number;
  villageCode: string | null;
  stream: string;
  key: string;
}

/**
 * Deletes what the freshly inserted rows supersede: earlier rows of the same triple within the
 * chunk (by id), and older rows in the log (one indexed DELETE per village and stream).
 */
async function removeSuperseded(trx: Transaction<Database>, rows: InsertedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const latestOfTriple = new Map<string, number>();
  const repeated: number[] = [];
  const groups = new Map<string, { villageCode: string | null; stream: string; keys: Set<string> }>();
  for (const row of rows) {
    const triple = JSON.stringify([row.villageCode, row.stream, row.key]);
    const earlier = latestOfTriple.get(triple);
    if (earlier !== undefined) repeated.push(earlier);
    latestOfTriple.set(triple, row.id);
    const groupKey = JSON.stringify([row.villageCode, row.stream]);
    const group = groups.get(groupKey) ?? { villageCode: row.villageCode, stream: row.stream, keys: new Set<string>() };
    group.keys.add(row.key);
    groups.set(groupKey, group);
  }
  if (repeated.length > 0) await trx.deleteFrom('changes').where('id', 'in', repeated).execute();
  const firstNewId = Math.min(...rows.map((r) => r.id));
  for (const group of groups.values()) {
    await trx
      .deleteFrom('changes')
      .where((eb) => (group.villageCode === null ? eb('village_code', 'is', null) : eb('village_code', '=', group.villageCode)))
      .where('stream', '=', group.stream)
      .where('key', 'in', [...group.keys])
      .where('id', '<', firstNewId)
      .execute();
  }
}

/** The newest change id in the whole log (0 when empty): where a first sync's snapshot ends. */
export async function maxChangeId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id === null || row?.id === undefined ? 0 : Number(row.id);
}

/**
 * Changes a village sees (its own and county-wide) after `afterId`, by id.
 *
 * Two index range reads, one per village_code value, each ordered by id and limited, merged in the
 * same statement: a single `village_code = ? OR village_code IS NULL` makes both SQLite and
 * PostgreSQL collect every later row and sort it, so each page cost grew with the log (a 1,000,000-row
 * first sync paid that 200 times). One statement keeps one snapshot on PostgreSQL: two separate
 * queries could see a county-wide row committed after a village row the first query missed.
 */
export async function listChangesAfter(db: Kysely<Database>, villageCode: string, afterId: number, limit: number): Promise<StoredChange[]> {
  const result = await sql<{ id: number | string; stream: string; op: string; key: string; value: string | null }>`
    select id, stream, op, key, value from (
      select id, stream, op, key, value from changes where village_code = ${villageCode} and id > ${afterId} order by id limit ${limit}
    ) as own
    union all
    select id, stream, op, key, value from (
      select id, stream, op, key, value from changes where village_code is null and id > ${afterId} order by id limit ${limit}
    ) as county_wide
    order by id
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** A village's rows (its own and county-wide) with afterId < id <= throughId; no upper bound when throughId is null. */
export async function countChangesBetween(db: Kysely<Database>, villageCode: string, afterId: number, throughId: number | null): Promise<number> {
  if (throughId !== null && throughId <= afterId) return 0;
  const upper = throughId ?? Number.MAX_SAFE_INTEGER;
  const result = await sql<{ n: number | string }>`
    select (select count(*) from changes where village_code = ${villageCode} and id > ${afterId} and id <= ${upper})
         + (select count(*) from changes where village_code is null and id > ${afterId} and id <= ${upper}) as n`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function countChangesAfter(db: Kysely<Database>, villageCode: string, afterId: number): Promise<number> {
  return countChangesBetween(db, villageCode, afterId, null);
}
