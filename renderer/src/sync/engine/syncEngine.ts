import { backoffDelayMs } from '../../../../shared/sync/backoff';
import type { KioskDatabase } from '../../db/schema';
import type { SyncClient } from '../syncClient';
import { classifyFailure, isEpochMismatch, isStorageFull } from './classifyFailure';
import { defaultPull, defaultPush, defaultReadEpoch, type PullStep, type PushStep, type ReadEpoch } from './defaultSteps';
import { readOutboxCounts } from './outboxCounts';
import type { SyncStatus } from './syncStatus';

/** Sync every few minutes even without a trigger: the county's answers and new data come in this way. */
export const SYNC_INTERVAL_MS = 5 * 60_000;
/** Full jitter can draw ~0 ms; a floor keeps a failing county from being asked again at once. */
export const MIN_RETRY_MS = 1_000;
/** Runs back to back for triggers that arrived during a run (and a pull still going); then the timer takes over. */
export const MAX_RUNS_PER_TRIGGER = 5;
/** Pull pages per run, so a first sync of a million rows yields regularly to pushes and triggers. */
export const PULL_PAGES_PER_RUN = 20;
/** An unfinished first sync goes on after this pause rather than after the full interval. */
export const CONTINUE_DELAY_MS = 1_000;

export type SyncTrigger = 'start' | 'online' | 'records' | 'timer' | 'syncNow';

export interface SyncEngineOptions {
  db: KioskDatabase;
  client: SyncClient;
  /** The enrolled device: the author of every pushed entry. */
  deviceId: string;
  /** The county's epoch at enrollment: the push epoch until a pull stores one. */
  enrolledEpoch?: number;
  /** The enrolled village: the pull sets the kiosk's scope from it. */
  villageCode?: string;
  onStatus: (status: SyncStatus) => void;
  /** For the times shown to the agent only; nothing is ordered by it. */
  clock?: () => Date;
  random?: () => number;
  push?: PushStep;
  pull?: PullStep;
  readEpoch?: ReadEpoch;
}

export interface SyncEngine {
  /** Reports the outbox counts and runs at once; afterwards the timer and triggers keep it going. */
  start(): void;
  kick(reason: SyncTrigger): void;
  /** The agent's button: forgets the backoff and any stop, runs now; resolves when that run ends. */
  syncNow(): Promise<void>;
  /** Push pending, then pull. Single flight: during a run this asks for another run and returns the current one. */
  runOnce(): Promise<void>;
  stop(): void;
  status(): SyncStatus;
}

type CycleOutcome = { ok: true; more: boolean } | { ok: false; error: unknown };

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, client, deviceId, onStatus } = options;
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const push = options.push ?? defaultPush;
  const pull = options.pull ?? defaultPull;
  const readEpoch = options.readEpoch ?? defaultReadEpoch;

  const status: SyncStatus = {
    state: 'idle', progress: null, pending: 0, rejected: 0, lastSuccessAt: null, lastError: null, lastErrorCode: null, nextAttemptAt: null,
  };
  const abort = new AbortController();
  let running: Promise<void> | null = null;
  let runAgain = false;
  let stopped = false;
  /** Retryable failures in a row: the backoff exponent. */
  let failures = 0;
  /** The token was refused: nothing runs until the agent enrols again (or presses "sync now"). */
  let unauthorized = false;
  /** IndexedDB is full: no more pulling (it would only fail again), but village records still leave. */
  let pullBlocked = false;
  let storageFullDetail = '';
  let timer: ReturnType<typeof setTimeout> | null = null;

  function emit(): void {
    if (!stopped) onStatus({ ...status, progress: status.progress ? { ...status.progress } : null });
  }

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    status.nextAttemptAt = null;
  }

  function schedule(delayMs: number): void {
    clearTimer();
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void runOnce();
    }, delayMs);
    status.nextAttemptAt = new Date(clock().getTime() + delayMs).toISOString();
  }

  async function refreshCounts(): Promise<void> {
    const counts = await readOutboxCounts(db);
    status.pending = counts.pending;
    status.rejected = counts.rejected;
  }

  /** Pulls a bounded number of pages; true when there is more to do right away. */
  async function pullStep(): Promise<boolean> {
    try {
      const result = await pull(db, client, {
        maxPages: PULL_PAGES_PER_RUN,
        signal: abort.signal,
        ...(options.villageCode === undefined ? {} : { villageCode: options.villageCode }),
        onProgress: (progress) => {
          status.progress = progress;
          emit();
        },
      });
      if (result.done) status.progress = null;
      // A reset (the county restored a backup) re-queued the outbox: it must be pushed again.
      return !result.done || result.reset;
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      pullBlocked = true;
      storageFullDetail = classifyFailure(error).detail;
      return false;
    }
  }

  async function pushStep(): Promise<void> {
    // The pulled data's epoch, else the one the county named at enrollment, else one row's worth of
    // pull just to learn it (never stored: full storage may be what kept the first page out).
    const epoch = (await readEpoch(db)) ?? options.enrolledEpoch ?? (await client.pull('', 1)).epoch;
    try {
      await push(db, client, { deviceId, epoch });
    } catch (error) {
      if (!isEpochMismatch(error) || pullBlocked) throw error;
      // The county restored a backup: the pull starts over under the new epoch and re-queues the
      // outbox (the county may have lost entries it had acknowledged); then everything goes again.
      await pullStep();
      const renewed = await readEpoch(db);
      if (renewed === null || renewed === epoch) throw error;
      await push(db, client, { deviceId, epoch: renewed });
    }
  }

  async function cycle(): Promise<CycleOutcome> {
    try {
      await refreshCounts();
      if (status.pending > 0) await pushStep();
      const more = pullBlocked ? false : await pullStep();
      await refreshCounts();
      return { ok: true, more };
    } catch (error) {
      await refreshCounts().catch(() => undefined);
      return { ok: false, error };
    }
  }

  function settleSuccess(): void {
    failures = 0;
    if (pullBlocked) {
      status.state = 'storageFull';
      status.lastErrorCode = 'storageFull';
      status.lastError = storageFullDetail;
      return;
    }
    status.state = 'idle';
    status.lastSuccessAt = clock().toISOString();
    status.lastError = null;
    status.lastErrorCode = null;
  }

  function settleFailure(error: unknown): void {
    const verdict = classifyFailure(error);
    status.state = verdict.state;
    status.lastErrorCode = verdict.code;
    status.lastError = verdict.detail;
    if (verdict.retry === 'never') {
      unauthorized = true;
      clearTimer();
    } else if (verdict.retry === 'interval') {
      // The county answered (or the disk is full): not a link to wait out, so no backoff to keep.
      failures = 0;
      schedule(SYNC_INTERVAL_MS);
    } else {
      schedule(Math.max(MIN_RETRY_MS, backoffDelayMs(failures, random)));
      failures++;
    }
  }

  async function runLoop(): Promise<void> {
    clearTimer();
    let more = false;
    for (let run = 0; run < MAX_RUNS_PER_TRIGGER; run++) {
      runAgain = false;
      status.state = 'syncing';
      emit();
      const outcome = await cycle();
      if (stopped) return;
      if (!outcome.ok) {
        settleFailure(outcome.error);
        emit();
        return;
      }
      settleSuccess();
      more = outcome.more;
      if (!runAgain && !more) break;
    }
    schedule(more || runAgain ? CONTINUE_DELAY_MS : SYNC_INTERVAL_MS);
    emit();
  }

  function runOnce(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      runAgain = true;
      return running;
    }
    running = runLoop().finally(() => {
      running = null;
    });
    return running;
  }

  /** Shows a grown outbox at once, even when no run follows (backoff, refused token). */
  function showCounts(): void {
    void refreshCounts().then(emit, () => undefined);
  }

  function kick(reason: SyncTrigger): void {
    if (stopped) return;
    if (reason === 'syncNow') {
      void syncNow();
      return;
    }
    if (unauthorized) return showCounts();
    // Waiting out a backoff: new records or the timer must not hammer a county that is down; coming
    // back online is the one trigger that says the wait is probably over.
    const backingOff = failures > 0 && timer !== null;
    if (backingOff && reason !== 'online') return showCounts();
    void runOnce();
  }

  function syncNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    failures = 0;
    unauthorized = false;
    pullBlocked = false;
    return runOnce();
  }

  return {
    start: () => kick('start'),
    kick,
    syncNow,
    runOnce,
    stop: () => {
      clearTimer();
      stopped = true;
      abort.abort();
    },
    status: () => ({ ...status }),
  };
}
