import type { Kysely } from 'kysely';
import { CONTENT_VALUE_SCHEMAS, contentKeyOf, type ContentStream, type ContentValue, type ContentWriteResponse } from '../../../../shared/dashboard/content';
import { PUBLICATION_KEY, type Publication } from '../../../../shared/sync/pullStreams';
import type { Database } from '../../db/schema';
import { HttpError } from '../../httpError';
import { appendChanges, lockChangeLog, type NewChange } from '../../repositories/changes';
import { findVillage } from '../../repositories/villages';
import { findContentHomes, findPublishedDataAsOf } from './contentLog';

import { countyDate } from '../../../../shared/calendar/countyDay';

/**
 * The village a value is published under, exactly as importDemo publishes it (so an edit replaces
 * the imported row rather than sitting beside it): projects and notices under their own village
 * (a county-wide notice under null), everything else county-wide.
 */
function villageOf(stream: ContentStream, value: ContentValue<ContentStream>): string | null {
  if (stream === 'project') return (value as ContentValue<'project'>).villageCode;
  if (stream === 'notice') return (value as ContentValue<'notice'>).villageCode;
  return null;
}

/**
 * 'publication' moves with every edit, as an import moves it: kiosks show residents how fresh the
 * county's data is. Never backwards: an import may have published a later date than today.
 */
async function publicationChange(db: Kysely<Database>, now: Date): Promise<NewChange> {
  const today = countyDate(now);
  const current = await findPublishedDataAsOf(db, PUBLICATION_KEY);
  const publication: Publication = { dataAsOf: current !== null && current > today ? current : today };
  return { villageCode: null, stream: 'publication', op: 'put', key: PUBLICATION_KEY, value: publication };
}

/**
 * Validates a value with the stream's own schema (the one the kiosk parses with) and publishes it.
 * Throws a ZodError (→ 400 with the paths) or an HttpError; nothing is written then. A project or
 * notice moved to another village is also deleted where it was, or the old village's kiosks would
 * keep it: a delete only reaches the village it is published under.
 */
export async function publishContent(db: Kysely<Database>, stream: ContentStream, key: string, body: unknown, now: Date): Promise<ContentWriteResponse> {
  const value = CONTENT_VALUE_SCHEMAS[stream].parse(body) as ContentValue<ContentStream>;
  const valueKey = contentKeyOf(stream, value);
  if (valueKey !== key) throw new HttpError(400, 'KEY_MISMATCH', `the value's key is ${valueKey}, not ${key}`);
  const villageCode = villageOf(stream, value);
  if (villageCode !== null && (await findVillage(db, villageCode)) === undefined) {
    throw new HttpError(400, 'UNKNOWN_VILLAGE', `no village ${villageCode}`);
  }
  const changeId = await db.transaction().execute(async (trx) => {
    // Under the log's writer lock, so two edits moving the same key cannot both miss each other's home.
    await lockChangeLog(trx);
    const moves: NewChange[] = (await findContentHomes(trx, stream, key))
      .filter((home) => home !== villageCode)
      .map((home) => ({ villageCode: home, stream, op: 'delete', key, value: null }));
    const put: NewChange = { villageCode, stream, op: 'put', key, value };
    // The edit and its publication date commit together; the date comes last, as in an import.
    const ids = await appendChanges(trx, [...moves, put, await publicationChange(trx, now)], now);
    return ids[moves.length] as number;
  });
  return { stream, key, op: 'put', changeId, updatedAt: now.toISOString() };
}

/** Deletes a key everywhere it lives; 404 when it has no current value. */
export async function deleteContent(db: Kysely<Database>, stream: ContentStream, key: string, now: Date): Promise<ContentWriteResponse> {
  const changeId = await db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const homes = await findContentHomes(trx, stream, key);
    if (homes.length === 0) throw new HttpError(404, 'NOT_FOUND', `no ${stream} ${key}`);
    const deletes: NewChange[] = homes.map((home) => ({ villageCode: home, stream, op: 'delete', key, value: null }));
    const ids = await appendChanges(trx, [...deletes, await publicationChange(trx, now)], now);
    return ids[0] as number;
  });
  return { stream, key, op: 'delete', changeId, updatedAt: now.toISOString() };
}
