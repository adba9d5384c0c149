import type { Kysely } from 'kysely';
import type { ContentStream } from '../../../../shared/dashboard/content';
import type { Database } from '../../db/schema';

/** A current value as the change log holds it: the latest 'put' of its (village, stream, key). */
export interface CurrentContentRow {
  id: number;
  villageCode: string | null;
  key: string;
  /** JSON text. */
  value: string;
  createdAt: string;
}

export interface ContentPageFilter {
  village?: string | undefined;
  after?: string | undefined;
  limit: number;
}

/**
 * One page of a stream's current values, by key. The log keeps only the latest row of every
 * (village, stream, key) and a delete replaces its put, so the 'put' rows are the current values.
 * Every list reads the (village_code, stream, key) index; a notice list of one village also shows
 * the county-wide notices its kiosk shows. Rows of a village no longer in the villages table are
 * not listed (nothing publishes to one: edits check the village).
 */
export async function listCurrentContent(db: Kysely<Database>, stream: ContentStream, filter: ContentPageFilter): Promise<CurrentContentRow[]> {
  let query = db
    .selectFrom('changes')
    .select(['id', 'village_code', 'key', 'value', 'created_at'])
    .where('stream', '=', stream)
    .where('op', '=', 'put');
  if (filter.village !== undefined) {
    const village = filter.village;
    query = stream === 'notice' ? query.where((eb) => eb.or([eb('village_code', '=', village), eb('village_code', 'is', null)])) : query.where('village_code', '=', village);
  } else if (stream === 'program' || stream === 'serviceItem' || stream === 'holiday') {
    query = query.where('village_code', 'is', null);
  } else {
    // Spelled as "one of the villages (or county-wide)" so both dialects probe the index per
    // village instead of scanning a log that is mostly payment rows.
    const known = db.selectFrom('villages').select('code');
    query = stream === 'notice' ? query.where((eb) => eb.or([eb('village_code', 'in', known), eb('village_code', 'is', null)])) : query.where('village_code', 'in', known);
  }
  if (filter.after !== undefined) query = query.where('key', '>', filter.after);
  const rows = await query.orderBy('key').orderBy('id').limit(filter.limit).execute();
  return rows.map((r) => ({ id: Number(r.id), villageCode: r.village_code, key: r.key, value: r.value ?? 'null', createdAt: r.created_at }));
}

/**
 * Where a key currently lives: null (county-wide) and/or the villages whose latest row of it is a
 * put. Asked per known village (`in (select code …)`) and for null separately, so both lookups
 * probe the (village_code, stream, key) index instead of scanning a log of a million payment rows.
 */
export async function findContentHomes(db: Kysely<Database>, stream: ContentStream, key: string): Promise<Array<string | null>> {
  const base = db.selectFrom('changes').select('village_code').where('stream', '=', stream).where('key', '=', key).where('op', '=', 'put');
  const countyWide = await base.where('village_code', 'is', null).execute();
  const homes: Array<string | null> = countyWide.map(() => null);
  if (stream === 'project' || stream === 'notice') {
    const inVillages = await base.where('village_code', 'in', db.selectFrom('villages').select('code')).execute();
    homes.push(...inVillages.map((r) => r.village_code));
  }
  return homes;
}

/** The current 'publication' dataAsOf, if any. */
export async function findPublishedDataAsOf(db: Kysely<Database>, publicationKey: string): Promise<string | null> {
  const row = await db
    .selectFrom('changes')
    .select('value')
    .where('village_code', 'is', null)
    .where('stream', '=', 'publication')
    .where('key', '=', publicationKey)
    .where('op', '=', 'put')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (row?.value === null || row?.value === undefined) return null;
  const parsed: unknown = JSON.parse(row.value);
  return typeof parsed === 'object' && parsed !== null && 'dataAsOf' in parsed && typeof parsed.dataAsOf === 'string' ? parsed.dataAsOf : null;
}
