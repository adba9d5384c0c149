import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { KioskDatabase } from '../../../../renderer/src/db/schema';

let opened = 0;

/** Opens connections to one fresh in-memory database: call it again to reopen, as after a restart. */
export function freshDbOpener(): () => KioskDatabase {
  opened++;
  const name = `kiosk-test-${opened}`;
  const indexedDB = new IDBFactory();
  return () => new KioskDatabase(name, { indexedDB, IDBKeyRange });
}

/** A fresh, empty kiosk database in its own in-memory IndexedDB. */
export function freshDb(): KioskDatabase {
  return freshDbOpener()();
}

/** Every table's rows in key order: compared before and after a rejected import. */
export async function dumpDb(db: KioskDatabase): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of db.tables) dump[table.name] = await table.toArray();
  return dump;
}
