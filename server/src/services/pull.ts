import type { Kysely } from 'kysely';
import { z } from 'zod';
import { changeSchema, SYNC_LIMITS, type Change, type PullResponse } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { countChangesAfter, countChangesBetween, listChangesAfter, maxChangeId, type StoredChange } from '../repositories/changes';
import { getEpoch } from '../repositories/serverMeta';

/**
 * What a cursor carries: the epoch it belongs to, the last change id served under it and, during
 * a first sync, `s`: the newest change id when that sync began (the end of its snapshot).
 */
export interface PullCursor {
  e: number;
  id: number;
  s?: number;
}

const changeIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
// `s` is optional so cursors issued before snapshots existed still decode.
const cursorSchema = z.object({ e: z.number().int().min(1), id: changeIdSchema, s: changeIdSchema.min(1).optional() }).strict();

export function encodeCursor(cursor: PullCursor): string {
  const fields = cursor.s === undefined ? { e: cursor.e, id: cursor.id } : { e: cursor.e, id: cursor.id, s: cursor.s };
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
      const size = Buffer.byteLength(JSON.stringify(change), 'utf8') + 1;
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

  // Counted after the page: a row committed meanwhile is counted now and served by the next pull.
  const toSnapshotEnd = snapshotEnd !== undefined && lastId < snapshotEnd ? await countChangesBetween(db, villageCode, lastId, snapshotEnd) : 0;
  if (toSnapshotEnd > 0) {
    return { epoch, changes, next: encodeCursor({ e: epoch, id: lastId, s: snapshotEnd }), hasMore: true, remaining: toSnapshotEnd };
  }
  const remaining = await countChangesAfter(db, villageCode, lastId);
  // With no rows served this is the cursor that was sent (an empty one becomes "epoch, id 0").
  return { epoch, changes, next: encodeCursor({ e: epoch, id: lastId }), hasMore: remaining > 0, remaining };
}
