import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { lockChangeLog, maxChangeId } from '../repositories/changes';

/** Ids examined per transaction: keeps each hold of the change-log lock short while kiosks pull. */
const COMPACT_RANGE = 20_000;

export interface CompactionResult {
  /** Superseded rows removed. */
  removed: number;
  /** Rows left in the log. */
  remaining: number;
}

/**
 * Removes every superseded row of the change log: one that a newer row of the same
 * (village_code, stream, key) replaces. Publishing already does this for the rows it writes
 * (appendChanges), so this is for logs written before migration 0004, and for the `changes
 * compact` command after bulk work. Delete rows are kept while they are the newest of their key:
 * a kiosk that already holds the record must still learn it is gone.
 *
 * Works through the log in id ranges, one short transaction each, under the change-log lock so
 * it never interleaves with a publisher. Safe while kiosks pull: a removed row always has a
 * newer replacement, which a reader before it gets later and a reader past it gets next.
 */
export async function compactChanges(db: Kysely<Database>): Promise<CompactionResult> {
  const lastId = await maxChangeId(db);
  let removed = 0;
  for (let from = 0; from < lastId; from += COMPACT_RANGE) {
    const to = Math.min(from + COMPACT_RANGE, lastId);
    removed += await db.transaction().execute(async (trx) => {
      await lockChangeLog(trx);
      const villageRows = await trx
        .deleteFrom('changes')
        .where('id', '>', from)
        .where('id', '<=', to)
        .where('village_code', 'is not', null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('changes as newer')
              .select('newer.id')
              .whereRef('newer.village_code', '=', 'changes.village_code')
              .whereRef('newer.stream', '=', 'changes.stream')
              .whereRef('newer.key', '=', 'changes.key')
              .whereRef('newer.id', '>', 'changes.id'),
          ),
        )
        .executeTakeFirst();
      const countyRows = await trx
        .deleteFrom('changes')
        .where('id', '>', from)
        .where('id', '<=', to)
        .where('village_code', 'is', null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('changes as newer')
              .select('newer.id')
              .where('newer.village_code', 'is', null)
              .whereRef('newer.stream', '=', 'changes.stream')
              .whereRef('newer.key', '=', 'changes.key')
              .whereRef('newer.id', '>', 'changes.id'),
          ),
        )
        .executeTakeFirst();
      return Number(villageRows.numDeletedRows) + Number(countyRows.numDeletedRows);
    });
  }
  const left = await db.selectFrom('changes').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return { removed, remaining: Number(left.n) };
}
