import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The next authorSeq of a county author, drawn inside the caller's transaction: the row's lock
 * serialises one author's writes, and a rolled-back write rolls its number back too, so the
 * author's sequence stays gap-free (the fold's tie-break relies on (author, authorSeq)).
 */
export async function nextCountyAuthorSeq(trx: Kysely<Database>, authorId: string, name: string, now: Date): Promise<number> {
  await trx
    .insertInto('county_authors')
    .values({ id: authorId, name, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await trx
    .updateTable('county_authors')
    .set((eb) => ({ last_seq: eb(eb.ref('last_seq'), '+', 1) }))
    .where('id', '=', authorId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}
