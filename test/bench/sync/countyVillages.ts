import type { Kysely } from 'kysely';
import type { Database } from '../../../server/src/db/schema';
import { addVillage } from '../../../server/src/repositories/villages';
import { generateDemoData, MAX_TOWNSHIPS } from '../../../shared/demo/generator/index';
import { VILLAGES_PER_TOWNSHIP } from '../../../shared/demo/generator/places';
import type { Village } from '../../../shared/domain/place';

/** The county enrols at most this many kiosks per village (a station number each; VILLAGE_FULL after). */
export const KIOSKS_PER_VILLAGE = 9;

/** Enough of the demo county's villages (4 per township) for `devices` kiosks, added to a fresh county database. */
export async function addDemoVillages(db: Kysely<Database>, devices: number): Promise<Village[]> {
  const townships = Math.min(MAX_TOWNSHIPS, Math.max(3, Math.ceil(devices / KIOSKS_PER_VILLAGE / VILLAGES_PER_TOWNSHIP)));
  const { county } = generateDemoData({ households: townships * VILLAGES_PER_TOWNSHIP, years: 1, seed: 1, townships });
  for (const v of county.villages) await addVillage(db, { code: v.code, name: v.name, townshipCode: v.townshipCode, groups: v.groups });
  return county.villages;
}

/** Rows in one of the county's tables: what "nothing lost, nothing duplicated" is checked against. */
export async function countRows(db: Kysely<Database>, table: 'case_events' | 'feedback' | 'audit_entries'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
