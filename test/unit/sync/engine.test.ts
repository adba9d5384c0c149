import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYNC_BACKOFF } from '../../../shared/sync/backoff';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { StorageFullError } from '../../../renderer/src/sync/pull/pullErrors';
import { pushPending } from '../../../renderer/src/sync/pushOutbox';
import { SyncHttpError } from '../../../renderer/src/sync/syncClient';
import {
  CONTINUE_DELAY_MS, createSyncEngine, MAX_RUNS_PER_TRIGGER, MIN_RETRY_MS, SYNC_INTERVAL_MS, type SyncEngine, type SyncEngineOptions,
} from '../../../renderer/src/sync/engine/syncEngine';
import type { SyncStatus } from '../../../renderer/src/sync/engine/syncStatus';
import { freshDb } from '../db/support/testDb';
import { flush, queueRecords, ScriptedCounty, scriptedPull, until } from './engineSupport';

const DEVICE = '01900000-0000-7000-8000-000000000001';
const START = new Date('2026-11-27T02:00:00.000Z');
const offline = (): SyncHttpError => new SyncHttpError('network', null, 'NETWORK', 'fetch failed');

let db: KioskDatabase;
let county: ScriptedCounty;
let statuses: SyncStatus[];
let engine: SyncEngine | null;

beforeEach(() => {
  // Only the timers the engine uses: fake-indexeddb schedules its work with the real setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(START);
  db = freshDb();
  county = new ScriptedCounty();
  statuses = [];
  engine = null;
});

afterEach(() => {
  engine?.stop();
  db.close();
  vi.useRealTimers();
});

function start(overrides: Partial<SyncEngineOptions> = {}): SyncEngine {
  engine = createSyncEngine({
    db, client: county, deviceId: DEVICE, onStatus: (s) => statuses.push(s), push: pushPending, pull: scriptedPull().pull,
    readEpoch: async () => county.epoch, random: () => 0.5, ...overrides,
  });
  return engine;
}

const last = (): SyncStatus => {
  const status = statuses.at(-1);
  if (!status) throw new Error('no status yet');
  return status;
};
const settled = (): boolean => statuses.length > 0 && last().state !== 'syncing';
const delayOf = (status: SyncStatus): number => (status.nextAttemptAt === null ? NaN : Date.parse(status.nextAttemptAt) - Date.now());

/** Fires the engine's pending timer and waits for the run it starts to report its outcome. */
async function fireTimer(ms: number): Promise<void> {
  const before = statuses.length;
  await vi.advanceTimersByTimeAsync(ms);
  await until(() => statuses.length > before && settled());
}

describe('the sync engine', () => {
  it('pushes then pulls, and reports counts, last success and the next regular attempt', async () => {
    await queueRecords(db, ['a', 'b', 'c']);
    county.rejectIds.add('b');
    const pull = scriptedPull([{ done: true, progress: { rows: 10, remaining: 0, percent: 100, totalRows: 10 } }]);
    const sync = start({ pull: pull.pull });
    sync.start();
    await until(settled);

    expect(statuses[0]?.state).toBe('syncing');
    expect(county.requests).toHaveLength(1);
    expect(county.requests[0]).toMatchObject({ deviceId: DEVICE, epoch: 1 });
    expect(pull.calls).toHaveLength(1);
    expect(last()).toEqual({
      state: 'idle', progress: null, pending: 0, rejected: 1, lastSuccessAt: START.toISOString(), lastError: null, lastErrorCode: null,
      nextAttemptAt: new Date(START.getTime() + SYNC_INTERVAL_MS).toISOString(),
    });
    // The pull's progress reached the agent while it ran.
    expect(statuses.some((s) => s.progress?.rows === 10)).toBe(true);

    // The interval brings the next run on its own.
    await fireTimer(SYNC_INTERVAL_MS);
    expect(pull.calls).toHaveLength(2);
  });

  it('retries with exponential backoff and jitter while offline, each delay within its window', async () => {
    await queueRecords(db, ['a']);
    county.failNext = Array.from({ length: 12 }, offline);
    const draws = [0.9, 0.1, 0.99, 0.5, 0.0, 0.75, 0.3, 0.999, 0.6, 0.2];
    let draw = 0;
    const sync = start({ random: () => draws[draw++ % draws.length] ?? 0.5 });
    sync.start();
    await until(settled);

    const delays: number[] = [];
    for (let attempt = 0; attempt < draws.length; attempt++) {
      const status = last();
      expect(status).toMatchObject({ state: 'offline', lastErrorCode: 'network', lastError: 'fetch failed', pending: 1 });
      const delay = delayOf(status);
      const ceiling = Math.min(SYNC_BACKOFF.maxMs, SYNC_BACKOFF.baseMs * 2 ** attempt);
      expect(delay).toBe(Math.max(MIN_RETRY_MS, Math.floor((draws[attempt] ?? 0) * ceiling)));
      expect(delay).toBeGreaterThanOrEqual(MIN_RETRY_MS);
      expect(delay).toBeLessThanOrEqual(ceiling);
      delays.push(delay);
      await fireTimer(delay);
    }
    // The window doubles up to the cap: the late attempts wait far longer than the first ones.
    expect(Math.max(...delays.slice(6))).toBeGreaterThan(Math.max(...delays.slice(0, 3)) * 4);
    expect(county.requests).toHaveLength(draws.length + 1);
  });

  it('"sync now" forgets the backoff and runs at once', async () => {
    await queueRecords(db, ['a']);
    county.failNext = Array.from({ length: 6 }, offline);
    const sync = start({ random: () => 0.999 });
    sync.start();
    await until(settled);
    for (let i = 0; i < 4; i++) await fireTimer(delayOf(last()));
    expect(delayOf(last())).toBeGreaterThan(SYNC_BACKOFF.baseMs * 8);

    const requests = county.requests.length;
    await sync.syncNow();
    expect(county.requests).toHaveLength(requests + 1);
    // Failed again, but the window is the first one again.
    expect(delayOf(last())).toBeLessThan(SYNC_BACKOFF.baseMs);

    await sync.syncNow();
    expect(last()).toMatchObject({ state: 'idle', pending: 0, lastError: null });
  });

  it('new records wait out a backoff; coming back online does not', async () => {
    await queueRecords(db, ['a']);
    county.failNext = [offline(), offline()];
    const sync = start();
    sync.start();
    await until(settled);
    await queueRecords(db, ['b']);
    sync.kick('records');
    await until(() => last().pending === 2);
    expect(county.requests).toHaveLength(1);

    sync.kick('online');
    await until(() => county.requests.length === 2 && settled());
    sync.kick('online');
    await until(() => last().state === 'idle');
    expect(last().pending).toBe(0);
  });

  it('stops on a refused token and tells the agent; nothing but "sync now" runs again', async () => {
    await queueRecords(db, ['a']);
    county.failNext = [new SyncHttpError('unauthorized', 401, 'TOKEN_REVOKED', 'this device was revoked')];
    const pull = scriptedPull();
    const sync = start({ pull: pull.pull });
    sync.start();
    await until(settled);
    expect(last()).toMatchObject({ state: 'unauthorized', lastErrorCode: 'unauthorized', lastError: 'this device was revoked', nextAttemptAt: null });

    await queueRecords(db, ['b']);
    sync.kick('records');
    sync.kick('online');
    await until(() => last().pending === 2);
    await vi.advanceTimersByTimeAsync(SYNC_INTERVAL_MS * 3);
    await flush();
    expect(county.requests).toHaveLength(1);
    expect(pull.calls).toHaveLength(0);

    await sync.syncNow();
    expect(last()).toMatchObject({ state: 'idle', pending: 0 });
  });

  it('on full storage stops pulling, keeps pushing village records, and pulls again after "sync now"', async () => {
    await queueRecords(db, ['a']);
    const pull = scriptedPull([new StorageFullError(new DOMException('quota', 'QuotaExceededError'))]);
    const sync = start({ pull: pull.pull });
    sync.start();
    await until(settled);
    expect(last()).toMatchObject({ state: 'storageFull', lastErrorCode: 'storageFull', pending: 0, lastSuccessAt: null });
    expect(county.requests).toHaveLength(1);

    await queueRecords(db, ['b', 'c']);
    sync.kick('records');
    await until(() => county.requests.length === 2 && settled());
    await fireTimer(SYNC_INTERVAL_MS);
    expect(pull.calls).toHaveLength(1);
    expect(last()).toMatchObject({ state: 'storageFull', pending: 0 });
    expect(county.lastSeq).toBe(3);

    await sync.syncNow();
    expect(pull.calls).toHaveLength(2);
    expect(last()).toMatchObject({ state: 'idle', lastErrorCode: null });
  });

  it('runs one at a time: triggers during a run ask for exactly one more run', async () => {
    await queueRecords(db, ['a']);
    let release: () => void = () => undefined;
    county.gate = new Promise<void>((resolve) => (release = resolve));
    const pull = scriptedPull();
    const sync = start({ pull: pull.pull });
    const first = sync.runOnce();
    await until(() => county.inFlight === 1);
    await queueRecords(db, ['b']);
    const second = sync.runOnce();
    sync.kick('records');
    sync.kick('online');
    expect(second).toBe(first);
    county.gate = null;
    release();
    await first;

    expect(county.maxInFlight).toBe(1);
    expect(pull.calls).toHaveLength(2);
    expect(county.requests).toHaveLength(2);
    expect(last()).toMatchObject({ state: 'idle', pending: 0 });
  });

  it('a long first sync goes on in bounded runs and shows its progress', async () => {
    const pages = Array.from({ length: MAX_RUNS_PER_TRIGGER + 2 }, (_, i) => ({ done: false, progress: { rows: (i + 1) * 5000, remaining: 100_000 - (i + 1) * 5000, percent: (i + 1) * 5, totalRows: (i + 1) * 5000 } }));
    const pull = scriptedPull([...pages, { done: true }]);
    const sync = start({ pull: pull.pull });
    sync.start();
    await until(settled);
    expect(pull.calls).toHaveLength(MAX_RUNS_PER_TRIGGER);
    expect(last().progress).toEqual({ rows: MAX_RUNS_PER_TRIGGER * 5000, remaining: 100_000 - MAX_RUNS_PER_TRIGGER * 5000, percent: MAX_RUNS_PER_TRIGGER * 5, totalRows: MAX_RUNS_PER_TRIGGER * 5000 });
    expect(delayOf(last())).toBe(CONTINUE_DELAY_MS);

    await fireTimer(CONTINUE_DELAY_MS);
    expect(pull.calls).toHaveLength(MAX_RUNS_PER_TRIGGER + 3);
    expect(last()).toMatchObject({ state: 'idle', progress: null });
    expect(delayOf(last())).toBe(SYNC_INTERVAL_MS);
  });

  it('a refusal shows the county\'s message and retries at the normal pace', async () => {
    await queueRecords(db, ['a']);
    county.failNext = [new SyncHttpError('refused', 400, 'BAD_REQUEST', 'entries[0].seq: seqs must increase')];
    start().start();
    await until(settled);
    expect(last()).toMatchObject({ state: 'error', lastErrorCode: 'refused', lastError: 'entries[0].seq: seqs must increase' });
    expect(delayOf(last())).toBe(SYNC_INTERVAL_MS);
  });

  it('a server failure is an error retried with backoff', async () => {
    await queueRecords(db, ['a']);
    county.failNext = [new SyncHttpError('server', 503, 'HTTP_503', 'the county answered 503')];
    start().start();
    await until(settled);
    expect(last()).toMatchObject({ state: 'error', lastErrorCode: 'server' });
    expect(delayOf(last())).toBe(SYNC_BACKOFF.baseMs / 2);
  });

  it('after a county restore (epoch mismatch) pulls under the new epoch, then pushes again', async () => {
    await queueRecords(db, ['a']);
    let storedEpoch = 1;
    county.epoch = 2;
    county.failNext = [new SyncHttpError('refused', 409, 'EPOCH_MISMATCH', 'the county database was restored (epoch 2)')];
    const pull = scriptedPull();
    const sync = start({
      readEpoch: async () => storedEpoch,
      pull: async (...args) => {
        storedEpoch = county.epoch;
        return pull.pull(...args);
      },
    });
    sync.start();
    await until(settled);
    expect(county.requests.map((r) => r.epoch)).toEqual([1, 2]);
    expect(last()).toMatchObject({ state: 'idle', pending: 0 });
  });

  it('before any pull, pushes under the epoch from enrollment, or asks the county for it', async () => {
    await queueRecords(db, ['a']);
    county.epoch = 3;
    start({ readEpoch: async () => null, enrolledEpoch: 3 }).start();
    await until(settled);
    expect(county.requests.map((r) => r.epoch)).toEqual([3]);
    expect(county.probes).toBe(0);
    engine?.stop();

    await queueRecords(db, ['b']);
    start({ readEpoch: async () => null }).start();
    await until(() => settled() && county.requests.length === 2);
    expect(county.probes).toBe(1);
    expect(county.requests[1]?.epoch).toBe(3);
  });

  it('stop() ends the timers and the reports', async () => {
    const pull = scriptedPull();
    const sync = start({ pull: pull.pull });
    sync.start();
    await until(settled);
    sync.stop();
    const reported = statuses.length;
    await vi.advanceTimersByTimeAsync(SYNC_INTERVAL_MS * 2);
    sync.kick('records');
    await sync.syncNow();
    await flush();
    expect(pull.calls).toHaveLength(1);
    expect(statuses).toHaveLength(reported);
    expect(vi.getTimerCount()).toBe(0);
  });
});
