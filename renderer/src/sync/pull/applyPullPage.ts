import type { Table } from 'dexie';
import type { PullResponse } from '../../../../shared/sync/protocol';
import type { KioskDatabase } from '../../db/schema';
import { applyFundChanges } from './applyFundChanges';
import { applyCaseEvents, applyFeedbackAnswers } from './applyVillageAnswers';
import { clearCountyData, countyTables, resetForNewEpoch, tablesForPage } from './countyTables';
import { parsePullPage, type ParsedPage } from './parsePullPage';
import { applyMeta } from './pullMeta';
import { isQuotaExceeded, StorageFullError } from './pullErrors';
import { NO_HOUSEHOLDS, PullSession, type HeadLookup, type HeadUpdates } from './pullSession';
import { INITIAL_PULL_STATE, readPullState, type PullState } from './pullState';

export interface ApplyResult {
  /** Changes in the page (a repeated key counts each time, as the county's `remaining` does). */
  applied: number;
  /** The page was of another epoch: county data cleared, outbox re-queued, nothing applied. */
  reset: boolean;
  /** The pull state as stored with the page. */
  state: PullState;
}

export interface ApplyOptions {
  /** The enrolled village: with the county record it sets the kiosk's scope. */
  villageCode?: string;
  /** What earlier pages of the same run learnt (runPull passes one); without it every page reads. */
  session?: PullSession;
  /**
   * Called once the page's writes are all issued, while IndexedDB works on them: time the thread
   * would otherwise wait (runPull parses the next page then). Must not throw.
   */
  whileCommitting?: () => void;
}

/** A page whose every change has been parsed: nothing can be refused any more but by the disk. */
export interface PreparedPage {
  page: PullResponse;
  parsed: ParsedPage;
}

/** Parses a page (throws PullDataError); runPull does it while the previous page is being written. */
export function preparePullPage(page: PullResponse): PreparedPage {
  return { page, parsed: parsePullPage(page) };
}

/** Another pull wrote in between: this page was computed against a state that is gone. */
export class PullStateMovedError extends Error {
  override name = 'PullStateMovedError';
}

/**
 * Validates every change first (PULL_VALUE_SCHEMAS; a bad one throws PullDataError, nothing
 * written), then writes the page AND its cursor in one Dexie transaction, so a kiosk killed at any
 * point resumes at a page boundary. A page of another epoch than the stored one clears the
 * county-owned tables and the cursor and re-queues every outbox entry (the county restored a backup).
 * The first page of a fresh snapshot (cursor '') replaces whatever county data was there (a folder
 * import), because a snapshot carries no deletes for rows the county no longer has.
 */
export async function applyPullPage(db: KioskDatabase, page: PullResponse, options: ApplyOptions = {}): Promise<ApplyResult> {
  return applyPreparedPage(db, preparePullPage(page), options);
}

/** applyPullPage for a page already parsed. */
export async function applyPreparedPage(db: KioskDatabase, { page, parsed }: PreparedPage, options: ApplyOptions = {}): Promise<ApplyResult> {
  const session = options.session ?? new PullSession();
  const before = session.lastState ?? (await readPullState(db));
  const epochChanged = before.epoch !== null && before.epoch !== page.epoch;
  const fresh = before.cursor === '';
  const tables: Table[] = epochChanged ? [...countyTables(db), db.meta, db.outbox, db.caseEvents, db.cases, db.feedback] : fresh ? [...countyTables(db), ...tablesForPage(db, parsed)] : tablesForPage(db, parsed);
  let heads: HeadUpdates = new Map();
  try {
    const result = await db.transaction('rw', [...new Set(tables)], async (): Promise<ApplyResult> => {
      const [pullRecord, countyRecord, scopeRecord] = await db.meta.bulkGet(['pull', 'county', 'scope']);
      const state = pullRecord?.key === 'pull' ? pullRecord.value : INITIAL_PULL_STATE;
      if (state.cursor !== before.cursor || state.epoch !== before.epoch) throw new PullStateMovedError('the pull state changed while a page was being applied');
      if (epochChanged) {
        await resetForNewEpoch(db);
        return { applied: 0, reset: true, state: { ...INITIAL_PULL_STATE } };
      }
      if (fresh) await clearCountyData(db);
      const writes: Promise<unknown>[] = [];
      try {
        heads = await applyChanges(db, parsed, fresh ? NO_HOUSEHOLDS : session, writes);
        const stored = {
          county: fresh || countyRecord?.key !== 'county' ? undefined : countyRecord.value,
          scope: scopeRecord?.key === 'scope' ? scopeRecord.value : undefined,
        };
        applyMeta(db, parsed, options.villageCode, stored, writes);
      } catch (error) {
        // Writes already issued fail with the aborted transaction: they are settled here, not left unhandled.
        await Promise.allSettled(writes);
        throw error;
      }
      const next: PullState = {
        cursor: page.next,
        epoch: page.epoch,
        rowsApplied: (fresh ? 0 : state.rowsApplied) + page.changes.length,
        snapshotTotal: fresh ? (page.remaining === null ? null : page.remaining + page.changes.length) : state.snapshotTotal,
        complete: !page.hasMore,
      };
      writes.push(db.meta.put({ key: 'pull', value: next }));
      options.whileCommitting?.();
      await Promise.all(writes);
      return { applied: page.changes.length, reset: false, state: next };
    });
    // Only now is what the page read and wrote true on disk.
    session.committed({ emptied: epochChanged || fresh, heads, state: result.state });
    return result;
  } catch (error) {
    session.forget();
    if (isQuotaExceeded(error)) throw new StorageFullError(error);
    throw error;
  }
}

async function applyChanges(db: KioskDatabase, page: ParsedPage, heads: HeadLookup, writes: Promise<unknown>[]): Promise<HeadUpdates> {
  const learnt = page.has('program') || page.has('disbursement') ? await applyFundChanges(db, page.changes('program'), page.changes('disbursement'), heads, writes) : new Map();
  putAndDelete(db.projects, page.puts('project'), page.deletes('project'), writes);
  putAndDelete(db.notices, page.puts('notice'), page.deletes('notice'), writes);
  putAndDelete(db.serviceItems, page.puts('serviceItem'), page.deletes('serviceItem'), writes);
  putAndDelete(db.holidays, page.puts('holiday'), page.deletes('holiday'), writes);
  // Rare and read-then-write: done in turn, after the bulk writes above were issued.
  if (page.has('caseEvent')) await applyCaseEvents(db, page.changes('caseEvent'));
  if (page.has('feedbackAnswer')) await applyFeedbackAnswers(db, page.changes('feedbackAnswer'));
  return learnt;
}

function putAndDelete<T>(table: Table<T, string>, puts: T[], deletes: string[], writes: Promise<unknown>[]): void {
  if (puts.length > 0) writes.push(table.bulkPut(puts));
  if (deletes.length > 0) writes.push(table.bulkDelete(deletes));
}
