// liveQuery runs only where IndexedDB is global (Dexie checks it when loaded): before anything imports Dexie.
import 'fake-indexeddb/auto';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncCredentials } from '../../../shared/ipc/syncEnrollment';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { NOT_ENROLLED_STATUS } from '../../../renderer/src/sync/engine/syncStatus';
import type { SyncWorkerRequest } from '../../../renderer/src/sync/worker/workerMessages';
import { useSyncStatusStore, type SyncWorkerPort } from '../../../renderer/src/stores/syncStatus';
import { freshDb } from '../db/support/testDb';
import { queueRecords, until } from './engineSupport';

/** Real time for Dexie's live query to answer (it is not driven by the test's awaits). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

const CREDENTIALS: SyncCredentials = {
  enrollment: {
    countyUrl: 'http://127.0.0.1:8080',
    deviceId: '01900000-0000-7000-8000-000000000001',
    villageCode: '341222100201',
    deviceName: '甲村服务站',
    enrolledAt: '2026-11-27T10:00:00+08:00',
    epoch: 1,
    stationNo: 1,
  },
  token: 't'.repeat(43),
};

/** Stands in for `new Worker(...)`: records what the page sends, lets the test answer. */
class FakeWorker implements SyncWorkerPort {
  sent: SyncWorkerRequest[] = [];
  terminated = false;
  private listeners: Array<(event: MessageEvent<unknown>) => void> = [];
  postMessage(message: SyncWorkerRequest): void {
    this.sent.push(structuredClone(message));
  }
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<unknown>) => void) | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.listeners.push(listener as (event: MessageEvent<unknown>) => void);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: unknown): void {
    this.listeners.forEach((l) => l({ data } as MessageEvent<unknown>));
  }
}

let db: KioskDatabase;
beforeEach(() => {
  setActivePinia(createPinia());
  db = freshDb();
});
afterEach(() => {
  useSyncStatusStore().stopSync();
  db.close();
});

describe('the sync status store', () => {
  it('stays "not enrolled" and starts no worker without credentials', async () => {
    const store = useSyncStatusStore();
    let created = 0;
    await store.startSync({ db, getCredentials: async () => null, createWorker: () => (created++, new FakeWorker()) });
    expect(store.status).toEqual(NOT_ENROLLED_STATUS);
    expect(created).toBe(0);
  });

  it('starts the worker with the credentials, shows its statuses, and ignores unreadable ones', async () => {
    const store = useSyncStatusStore();
    const worker = new FakeWorker();
    await store.startSync({ db, getCredentials: async () => CREDENTIALS, createWorker: () => worker });
    expect(worker.sent).toEqual([{ type: 'start', credentials: CREDENTIALS }]);

    const syncing = { ...NOT_ENROLLED_STATUS, state: 'syncing', pending: 2, progress: { rows: 5000, remaining: 95_000, percent: 5, totalRows: 5000 } };
    worker.answer({ type: 'status', status: syncing });
    expect(store.status).toEqual(syncing);
    worker.answer({ type: 'status', status: { ...syncing, state: 'dancing' } });
    worker.answer('garbage');
    expect(store.status).toEqual(syncing);

    store.syncNow();
    expect(worker.sent.at(-1)).toEqual({ type: 'syncNow' });
  });

  it('kicks the worker when the outbox grows, not when it shrinks', async () => {
    const store = useSyncStatusStore();
    const worker = new FakeWorker();
    await store.startSync({ db, getCredentials: async () => CREDENTIALS, createWorker: () => worker });
    const kicks = (): number => worker.sent.filter((m) => m.type === 'kick').length;
    // The watch's first answer is the baseline; records written before it are the start's own business.
    await settle();
    expect(kicks()).toBe(0);

    await queueRecords(db, ['a', 'b']);
    await until(() => kicks() === 1);
    expect(worker.sent.at(-1)).toEqual({ type: 'kick', reason: 'records' });

    await db.outbox.toCollection().modify({ state: 'acked' });
    await settle();
    expect(kicks()).toBe(1);
  });

  it('a second start does not start a second worker; stop ends it', async () => {
    const store = useSyncStatusStore();
    const workers: FakeWorker[] = [];
    const options = { db, getCredentials: async () => CREDENTIALS, createWorker: () => (workers.push(new FakeWorker()), workers.at(-1) as FakeWorker) };
    await Promise.all([store.startSync(options), store.startSync(options)]);
    expect(workers).toHaveLength(1);
    store.stopSync();
    expect(workers[0]?.sent.at(-1)).toEqual({ type: 'stop' });
    expect(workers[0]?.terminated).toBe(true);
    expect(store.status.state).toBe('notEnrolled');
  });
});
