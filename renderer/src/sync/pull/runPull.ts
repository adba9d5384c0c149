import { SYNC_LIMITS } from '../../../../shared/sync/protocol';
import type { KioskDatabase } from '../../db/schema';
import type { SyncClient } from '../syncClient';
import { applyPreparedPage } from './applyPullPage';
import { PageFetch } from './pageFetch';
import { PullSession } from './pullSession';
import { readPullState, snapshotPercent, type PullState } from './pullState';

export interface PullProgress {
  /** Changes applied by this run. */
  rows: number;
  /** Changes the county still has for this kiosk; null when it did not say. */
  remaining: number | null;
  /** How far the pull is: of the snapshot during a first sync, of this run's backlog afterwards. */
  percent: number | null;
  /** Changes applied since the snapshot began, across runs (a resumed first sync counts on). */
  totalRows: number;
}

export interface PullRunResult {
  pages: number;
  rows: number;
  /** The county said there is nothing more. */
  done: boolean;
  /** A page of a new epoch emptied the county data; the run went on from a fresh snapshot. */
  reset: boolean;
}

export interface PullOptions {
  limit?: number;
  /** Pages per run, so one run cannot go on forever against a county that always has more. */
  maxPages?: number;
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** The enrolled village: with the county record it sets the kiosk's scope. */
  villageCode?: string;
}

export const DEFAULT_MAX_PAGES = 1_000;

/**
 * Pulls page after page from the stored cursor until the county has nothing more, the page budget
 * is spent or the signal aborts. Each page is written with its cursor before the next is applied,
 * so a failure (thrown to the caller) loses at most the page in flight, and the next run resumes
 * where this one stopped.
 *
 * The next page is asked for while the current one is written, and parsed while it commits: the
 * network and the parsing overlap IndexedDB instead of adding to it. A page asked for from a
 * cursor that turns out not to be the stored one (an epoch reset) is dropped and asked again.
 */
export async function runPull(db: KioskDatabase, client: SyncClient, options: PullOptions = {}): Promise<PullRunResult> {
  const limit = Math.max(1, Math.min(options.limit ?? SYNC_LIMITS.maxPullLimit, SYNC_LIMITS.maxPullLimit));
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const session = new PullSession();
  const result: PullRunResult = { pages: 0, rows: 0, done: false, reset: false };
  let state = await readPullState(db);
  // A backlog after the first sync has no snapshot size: its percent is of what this run found.
  let firstSync = state.cursor === '' || (!state.complete && state.snapshotTotal !== null && state.rowsApplied < state.snapshotTotal);
  let ahead: PageFetch | null = null;
  while (result.pages < maxPages && !options.signal?.aborted) {
    const current: PageFetch = ahead !== null && ahead.cursor === state.cursor ? ahead : new PageFetch(client, state.cursor, limit);
    ahead = null;
    const prepared = await current.take();
    const { page } = prepared;
    const next = page.hasMore && result.pages + 1 < maxPages ? new PageFetch(client, page.next, limit) : null;
    ahead = next;
    const applied = await applyPreparedPage(db, prepared, {
      session,
      ...(options.villageCode === undefined ? {} : { villageCode: options.villageCode }),
      whileCommitting: () => next?.prepareNow(),
    });
    result.pages++;
    state = applied.state;
    if (applied.reset) {
      result.reset = true;
      firstSync = true;
      continue;
    }
    result.rows += applied.applied;
    options.onProgress?.({ rows: result.rows, remaining: page.remaining, percent: percentOf(state, firstSync, result.rows, page.remaining), totalRows: state.rowsApplied });
    if (!page.hasMore) {
      result.done = true;
      break;
    }
  }
  return result;
}

function percentOf(state: PullState, firstSync: boolean, runRows: number, remaining: number | null): number | null {
  if (firstSync) return snapshotPercent(state);
  if (state.complete) return 100;
  if (remaining === null) return null;
  return Math.min(100, Math.floor((100 * runRows) / (runRows + remaining)));
}
