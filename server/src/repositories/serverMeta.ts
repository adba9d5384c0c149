import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** The epoch a kiosk compares with its own: a different one means "start over from an empty cursor". */
export async function getEpoch(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirst();
  const epoch = Number(row?.value);
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new Error('server_meta has no valid epoch');
  return epoch;
}

/**
 * Moves the epoch on after the county restored a backup: every kiosk's pull cursor and push epoch
 * become stale, so kiosks drop what they pulled, pull from scratch and push their outbox again.
 */
export async function bumpEpoch(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // The no-op write takes the row lock first, so two bumps at once give two steps, not one.
    await trx.updateTable('server_meta').set((eb) => ({ value: eb.ref('value') })).where('key', '=', 'epoch').execute();
    const next = (await getEpoch(trx)) + 1;
    await trx.updateTable('server_meta').set({ value: String(next) }).where('key', '=', 'epoch').execute();
    return next;
  });
}
