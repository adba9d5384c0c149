import { PostgresAdapter, type Transaction } from 'kysely';
import { MAX_STATION_NO } from '../../../shared/cases/stationNo';
import type { Database } from '../db/schema';
import { listStationHolders, type StationHolder } from '../repositories/devices';

/**
 * Station numbers (shared/cases/receiptNo.ts): the county gives each kiosk of a village a number
 * 1–9 at enrollment, the first digit of its receipt sequences, so the numbers two kiosks of a
 * village issue never clash. A kiosk is known by its author id: enrolling again (a new device row,
 * same author id) keeps its number, so its receipts keep their station. A number is held by every
 * device that is not revoked; revoking a device frees its number for the next kiosk.
 */

/**
 * The number for `authorId` in a village whose station holders are `holders`: its own latest
 * number unless another author's live device holds it, else the smallest number nobody else holds;
 * null when all nine are held.
 */
export function chooseStationNo(holders: readonly StationHolder[], authorId: string): number | null {
  const held = new Set(holders.filter((h) => h.authorId !== authorId && !h.revoked).map((h) => h.stationNo));
  const own = holders.filter((h) => h.authorId === authorId).at(-1)?.stationNo;
  if (own !== undefined && !held.has(own)) return own;
  for (let n = 1; n <= MAX_STATION_NO; n++) if (!held.has(n)) return n;
  return null;
}

/**
 * Chooses the number inside the enrollment's transaction. On PostgreSQL the village row is locked
 * first, so two kiosks of a village enrolling at the same moment are served one after the other
 * and cannot both take the same free number. SQLite runs one transaction at a time per connection,
 * and a second process's transaction that read before another's write fails instead of committing.
 */
export async function assignStationNo(trx: Transaction<Database>, villageCode: string, authorId: string): Promise<number | null> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.selectFrom('villages').select('code').where('code', '=', villageCode).forUpdate().execute();
  }
  return chooseStationNo(await listStationHolders(trx, villageCode), authorId);
}
