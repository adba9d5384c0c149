import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** The epoch a kiosk compares with its own: a different one means "start over from an empty cursor". */
export async function getEpoch(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirst();
  const epoch = Number(row?.value);
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new Error('server_meta has no valid epoch');
  return epoch;
}
