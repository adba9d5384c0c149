import type { Kysely } from 'kysely';
import { z } from 'zod';
import { changeSchema, SYNC_LIMITS, type Change, type PullResponse } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { countChangesAfter, countChangesBetween, listChangesAfter, maxChangeId, type StoredChange } from '../repositories/changes';
import { getEpoch } from '../repositories/serverMeta';

/**
 * What a cursor carries: the epoch it belongs to, the last change id served under it, during a
 * first sync `s`: the newest change id when that sync began (the end of its snapshot), and `r`:
 * the rows still to come when this cursor was issued, so a long sync is counted once, not per page.
 */
export interface PullCursor {
  e: number;
  id: number;
  s?: number;
  r?: number;
}

const changeIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
// `s` is optional so cursors issued before snapshots existed still decode.
const cursorSchema = z.object({ e: z.number().int().min(1), id: changeIdSchema, s: changeIdSchema.min(1).optional(), r: changeIdSchema.optional() }).strict();

export function encodeCursor(cursor: PullCursor): string {
  const fields: PullCursor = { e: cursor.e, id: cursor.id };
  if (cursor.s !== undefined) fields.s = cursor.s;
  if (cursor.r !== undefined) fields.r = cursor.r;
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/** '' is "from the start of the current epoch"; anything else must be a cursor this server wrote. */
export function decodeCursor(text: string): PullCursor | null {
  if (text === '') return null;
  const invalid = () => new HttpError(400, 'INVALID_CURSOR', 'since is not a cursor this server issued; pull from an empty cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw invalid();
  return result.data;
}

/** Rows fetched per query while filling a page, so a page of large values is not all read at once. */
const FETCH_CHUNK = 500;
/** Room for the response envelope (epoch, next, hasMore, remaining) and the commas between changes. */
const ENVELOPE_BYTES = 1024;

function toChange(row: StoredChange): Change {
  return changeSchema.parse({ seq: row.id, stream: row.stream, op: row.op, key: row.key, value: row.value === null ? null : (JSON.parse(row.value) as unknown) });
}

/**
 * The change's size in the page's JSON, from the stored text: the value is JSON already, so only
 * the small envelope is serialised (re-serialising every whole row cost as much as reading it).
 */
function encodedSize(row: StoredChange): number {
  const envelope = `{"seq":${row.id},"stream":${JSON.stringify(row.stream)},"op":${JSON.stringify(row.op)},"key":${JSON.stringify(row.key)},"value":}`;
  return Buffer.byteLength(envelope, 'utf8') + (row.value === null ? 4 : Buffer.byteLength(row.value, 'utf8')) + 1;
}

/**
 * One page of the change log for a device's village: its rows and the county-wide ones after the
 * cursor, by id, at most `limit` rows and at most SYNC_LIMITS.maxPullBytes of JSON. A single row
 * larger than the byte bound is still served alone, or the device could never get past it.
 *
 * A first sync (since '') is a snapshot at a fixed point: S, the newest change id at its first
 * page, rides in the cursor, and until the device has passed S `remaining` counts only its rows up
 * to S, so the progress of a long first sync has a fixed end while the county keeps publishing.
 * The log is compacted (appendChanges), so the rows up to S are the village's current data. Past
 * S the same cursor simply follows the log.
 *
 * A cursor of another epoch (the county restored a backup) is answered with the current epoch, no
 * changes, next '' and hasMore true: the kiosk drops its pulled data and pulls again from ''.
 */
export async function pullChanges(db: Kysely<Database>, villageCode: string, since: string, limit: number): Promise<PullResponse> {
  const cursor = decodeCursor(since);
  const epoch = await getEpoch(db);
  if (cursor !== null && cursor.e !== epoch) return { epoch, changes: [], next: '', hasMore: true, remaining: null };
  // Fixed before the first page is read: rows published while this page is served lie beyond it.
  const snapshotEnd = cursor === null ? await maxChangeId(db) : cursor.s;

  let lastId = cursor?.id ?? 0;
  const changes: Change[] = [];
  let bytes = ENVELOPE_BYTES;
  let full = false;
  while (!full && changes.length < limit) {
    const wanted = Math.min(FETCH_CHUNK, limit - changes.length);
    const rows = await listChangesAfter(db, villageCode, lastId, wanted);
    for (const row of rows) {
      const change = toChange(row);
      const size = encodedSize(row);
      if (changes.length > 0 && bytes + size > SYNC_LIMITS.maxPullBytes) {
        full = true;
        break;
      }
      changes.push(change);
      bytes += size;
      lastId = row.id;
    }
    if (rows.length < wanted) break;
  }

  // Counting is a range scan as long as what is left, so it is done once per phase (snapshot, then
  // log) and carried in the cursor, less what each page served. Compaction can only remove rows, so
  // a carried count errs high; whether more rows exist is always checked, never taken from it.
  const inSnapshot = snapshotEnd !== undefined && lastId < snapshotEnd;
  const phaseChanged = cursor === null || (cursor.s !== undefined && !inSnapshot) || cursor.r === undefined;
  // An empty page means the carried count was high (compacted rows): count again rather than loop on it.
  const carried = phaseChanged || changes.length === 0 ? null : Math.max(0, (cursor.r ?? 0) - changes.length);
  if (inSnapshot) {
    const toSnapshotEnd = carried !== null && carried > 0 ? carried : await countChangesBetween(db, villageCode, lastId, snapshotEnd);
    if (toSnapshotEnd > 0) {
      return { epoch, changes, next: encodeCursor({ e: epoch, id: lastId, s: snapshotEnd, r: toSnapshotEnd }), hasMore: true, remaining: toSnapshotEnd };
    }
  }
  const more = (await listChangesAfter(db, villageCode, lastId, 1)).length > 0;
  // Counted after the page: a row committed meanwhile is counted now and served by the next pull.
  const remaining = !more ? 0 : carried !== null && carried > 0 && !inSnapshot ? carried : await countChangesAfter(db, villageCode, lastId);
  // With no rows served this is the cursor that was sent (an empty one becomes "epoch, id 0").
  return { epoch, changes, next: encodeCursor(more ? { e: epoch, id: lastId, r: remaining } : { e: epoch, id: lastId }), hasMore: more, remaining };
}
