import type { KioskDatabase, MetaKey, MetaRecord } from '../schema';

type MetaValues = { [R in MetaRecord as R['key']]: R['value'] };
export type MetaValue<K extends MetaKey> = MetaValues[K];

/** One meta value, typed by its key; undefined before the first import. */
export async function getMeta<K extends MetaKey>(db: KioskDatabase, key: K): Promise<MetaValue<K> | undefined> {
  const record = await db.meta.get(key);
  // The table is keyed by `key`, so the record stored under K is the K variant.
  return record?.value as MetaValue<K> | undefined;
}
