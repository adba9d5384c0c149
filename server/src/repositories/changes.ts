import { sql, type Kysely } from 'kysely';
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
 * Appends changes in one transaction and returns their ids in the given order.
 *
 * Readers page by `id > cursor`, so an id must never become visible after a higher one was
 * served: that row would be skipped for good. On PostgreSQL an identity value is drawn at insert
 * but visible only at commit, so two overlapping writers could commit N+1 before N and a reader
 * between the two commits would move its cursor past N. The transaction-scoped advisory lock
 * serialises change-log writers: the next writer draws its ids only after the previous one has
 * committed (PG marks a transaction visible before it releases its locks), so ids become visible
 * in id order and no reader ever sees N+1 while N is still in flight. A rolled-back writer only
 * leaves a gap, which readers step over harmlessly. SQLite serialises writers by itself.
 * Every writer of `changes` must go through here.
 */
export async function publishChanges(db: Kysely<Database>, changes: NewChange[], now: Date = new Date()): Promise<number[]> {
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
  return db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_LOG_LOCK_KEY)})`.execute(trx);
    }
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted = await trx.insertInto('changes').values(rows.slice(i, i + INSERT_CHUNK)).returning('id').execute();
      // Both dialects return the rows of a multi-row INSERT in VALUES order.
      ids.push(...inserted.map((r) => Number(r.id)));
    }
    return ids;
  });
}

/** Changes a village sees (its own and county-wide) after `afterId`, by id. */
export async function listChangesAfter(db: Kysely<Database>, villageCode: string, afterId: number, limit: number): Promise<StoredChange[]> {
  const rows = await db
    .selectFrom('changes')
    .select(['id', 'stream', 'op', 'key', 'value'])
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('village_code', '=', villageCode), eb('village_code', 'is', null)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function countChangesAfter(db: Kysely<Database>, villageCode: string, afterId: number): Promise<number> {
  const row = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('village_code', '=', villageCode), eb('village_code', 'is', null)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
