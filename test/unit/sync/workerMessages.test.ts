import { afterEach, describe, expect, it, vi } from 'vitest';
import { KIOSK_VERSION } from '../../../renderer/src/kioskVersion';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import type { SyncEngine, SyncEngineOptions, SyncTrigger } from '../../../renderer/src/sync/engine/syncEngine';
import { NOT_ENROLLED_STATUS } from '../../../renderer/src/sync/engine/syncStatus';
import type { SyncClientOptions } from '../../../renderer/src/sync/syncClient';
import { createSyncWorkerHost } from '../../../renderer/src/sync/worker/syncWorkerHost';
import { syncWorkerMessageSchema, type SyncWorkerMessage } from '../../../renderer/src/sync/worker/workerMessages';
import { freshDb } from '../db/support/testDb';

const CREDENTIALS = {
  enrollment: {
    countyUrl: 'http://127.0.0.1:8080',
    deviceId: '01900000-0000-7000-8000-000000000001',
    villageCode: '341222100201',
    deviceName: '甲村服务站',
    enrolledAt: '2026-11-27T10:00:00+08:00',
    epoch: 2,
    stationNo: 1,
  },
  token: 't'.repeat(43),
};

/** Records what the host asks of the engine instead of syncing. */
function fakeEngineFactory() {
  const created: Array<{ options: SyncEngineOptions; calls: string[] }> = [];
  const createEngine = (options: SyncEngineOptions): SyncEngine => {
    const calls: string[] = [];
    created.push({ options, calls });
    return {
      start: () => void calls.push('start'),
      kick: (reason: SyncTrigger) => void calls.push(`kick:${reason}`),
      syncNow: async () => void calls.push('syncNow'),
      runOnce: async () => void calls.push('runOnce'),
      stop: () => void calls.push('stop'),
      status: () => NOT_ENROLLED_STATUS,
    };
  };
  return { created, createEngine };
}

let opened: KioskDatabase[] = [];
const closed = new Map<KioskDatabase, { mock: { calls: unknown[] } }>();
afterEach(() => {
  opened.forEach((db) => db.close());
  opened = [];
});

function setUp() {
  const logged: string[] = [];
  const posted: SyncWorkerMessage[] = [];
  const clients: SyncClientOptions[] = [];
  const engines = fakeEngineFactory();
  const host = createSyncWorkerHost({
    post: (m) => posted.push(m),
    log: (reason) => logged.push(reason),
    openDatabase: () => {
      const db = freshDb();
      opened.push(db);
      closed.set(db, vi.spyOn(db, 'close'));
      return db;
    },
    createClient: (options) => {
      clients.push(options);
      return { push: async () => Promise.reject(new Error('unused')), pull: async () => Promise.reject(new Error('unused')) };
    },
    createEngine: engines.createEngine,
  });
  return { host, logged, posted, clients, engines };
}

describe('the sync worker messages', () => {
  it('ignores malformed messages, logging why, and starts nothing', () => {
    const { host, logged, engines, clients } = setUp();
    const bad: unknown[] = [
      null,
      'start',
      { type: 'launch' },
      { type: 'start' },
      { type: 'start', credentials: { ...CREDENTIALS, token: '' } },
      { type: 'start', credentials: { ...CREDENTIALS, enrollment: { ...CREDENTIALS.enrollment, countyUrl: 'file:///etc/passwd' } } },
      { type: 'start', credentials: { ...CREDENTIALS, enrollment: { ...CREDENTIALS.enrollment, extra: 1 } } },
      { type: 'kick', reason: 'whenever' },
      { type: 'kick' },
    ];
    for (const message of bad) host.handle(message);
    expect(logged).toHaveLength(bad.length);
    expect(logged.every((line) => line.startsWith('ignored a message: '))).toBe(true);
    expect(logged.find((line) => line.includes('countyUrl'))).toBeDefined();
    expect(engines.created).toHaveLength(0);
    expect(clients).toHaveLength(0);
  });

  it('ignores triggers before start, with a reason', () => {
    const { host, logged, engines } = setUp();
    host.handle({ type: 'kick', reason: 'online' });
    host.handle({ type: 'syncNow' });
    expect(logged).toEqual(['ignored "kick": sync has not been started', 'ignored "syncNow": sync has not been started']);
    expect(engines.created).toHaveLength(0);
  });

  it('starts one engine with the enrolled county, forwards triggers, and replaces it on a new start', async () => {
    const { host, posted, clients, engines, logged } = setUp();
    host.handle({ type: 'start', credentials: CREDENTIALS });
    expect(clients).toEqual([{ baseUrl: 'http://127.0.0.1:8080', token: CREDENTIALS.token, kioskVersion: KIOSK_VERSION }]);
    const first = engines.created[0];
    expect(first?.options).toMatchObject({ deviceId: CREDENTIALS.enrollment.deviceId, enrolledEpoch: 2, villageCode: '341222100201' });

    host.handle({ type: 'kick', reason: 'records' });
    host.handle({ type: 'kick', reason: 'online' });
    host.handle({ type: 'syncNow' });
    expect(first?.calls).toEqual(['start', 'kick:records', 'kick:online', 'syncNow']);

    // The engine's reports go out as status messages the page can parse.
    first?.options.onStatus({ ...NOT_ENROLLED_STATUS, state: 'syncing', pending: 3 });
    expect(posted).toEqual([{ type: 'status', status: { ...NOT_ENROLLED_STATUS, state: 'syncing', pending: 3 } }]);
    expect(syncWorkerMessageSchema.safeParse(posted[0]).success).toBe(true);

    host.handle({ type: 'start', credentials: { ...CREDENTIALS, token: 'u'.repeat(43) } });
    expect(first?.calls.at(-1)).toBe('stop');
    expect(engines.created).toHaveLength(2);
    expect(closed.get(opened[0] as KioskDatabase)?.mock.calls).toHaveLength(1);
    expect(closed.get(opened[1] as KioskDatabase)?.mock.calls).toHaveLength(0);

    host.handle({ type: 'stop' });
    expect(engines.created[1]?.calls).toEqual(['start', 'stop']);
    expect(host.engine()).toBeNull();
    expect(logged).toEqual([]);
  });

  it('the page side refuses a status that does not match the schema', () => {
    expect(syncWorkerMessageSchema.safeParse({ type: 'status', status: { ...NOT_ENROLLED_STATUS, state: 'sleeping' } }).success).toBe(false);
    expect(syncWorkerMessageSchema.safeParse({ type: 'status', status: { ...NOT_ENROLLED_STATUS, pending: -1 } }).success).toBe(false);
  });
});
