import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebBridge } from '../../../renderer/src/bridge/webBridge';
import { createWebCredentialStore, type WebCredentialStore } from '../../../renderer/src/bridge/webCredentialStore';
import { createWebPostJson } from '../../../renderer/src/bridge/webEnrollHttp';
import { getDeviceId, getStationNo } from '../../../renderer/src/db/repositories/settings';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { enrollKiosk, forgetKioskEnrollment, normalizeEnrollmentCode, readEnrollment } from '../../../renderer/src/sync/enrollment';
import { countyUrlSchema, type KioskBridge } from '../../../shared/ipc/contract';
import { listDevices } from '../../../server/src/repositories/devices';
import { addVillage } from '../../../server/src/repositories/villages';
import { issueEnrollmentCode } from '../../../server/src/services/enrollment';
import { startServer, type RunningServer } from '../../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../../server/test/pg';
import { freshDb } from '../db/support/testDb';

/** Web mode: the page's bridge POSTs the code itself and keeps the token in IndexedDB. */
const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';
const HOUR = 3_600_000;

let opened = 0;
function freshCredentialStore(): WebCredentialStore {
  opened++;
  return createWebCredentialStore(`credentials-test-${opened}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

function webBridge(credentials: WebCredentialStore | undefined, fetchImpl: typeof fetch = fetch): KioskBridge {
  const env: Parameters<typeof createWebBridge>[0] = { version: '1', platform: 'test', print: undefined, postJson: createWebPostJson(fetchImpl) };
  if (credentials) env.credentials = credentials;
  return createWebBridge(env);
}

describe('county URL schema', () => {
  it('accepts http(s) addresses and makes them canonical', () => {
    expect(countyUrlSchema.parse(' HTTPS://County.Example.CN/ ')).toBe('https://county.example.cn');
    expect(countyUrlSchema.parse('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(countyUrlSchema.parse('https://gov.example.cn/county/sync//')).toBe('https://gov.example.cn/county/sync');
    expect(countyUrlSchema.parse('http://[::1]:3000')).toBe('http://[::1]:3000');
  });

  it('refuses other schemes, credentials, fragments, queries, bad ports and junk, with a reason', () => {
    const reasons = (text: string) => countyUrlSchema.safeParse(text).error?.issues.map((i) => i.message).join('; ') ?? 'accepted';
    expect(reasons('ftp://county.example.cn')).toMatch(/http:\/\/ or https:\/\//);
    expect(reasons('county.example.cn')).toMatch(/http:\/\/ or https:\/\//);
    expect(reasons('https://admin:pw@county.example.cn')).toMatch(/user name or password/);
    expect(reasons('https://admin@county.example.cn')).toMatch(/user name or password/);
    expect(reasons('https://county.example.cn/#top')).toMatch(/fragment/);
    expect(reasons('https://county.example.cn/?next=1')).toMatch(/query/);
    expect(reasons('https://county.example.cn:99999')).toMatch(/port/);
    expect(reasons('https://county example.cn')).toMatch(/not a valid/);
    expect(reasons('https://')).toMatch(/not a valid/);
    expect(reasons('')).toMatch(/enter the county/);
    expect(reasons(`https://${'a'.repeat(400)}.cn`)).not.toBe('accepted');
  });

  it('normalises typed codes', () => {
    expect(normalizeEnrollmentCode(' abcd-efgh 2345 ')).toBe('ABCDEFGH2345');
  });
});

describe('enrollKiosk in web mode, against a real county server', () => {
  let database: TestDatabase;
  let county: RunningServer;
  let kiosk: KioskDatabase;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    county = await startServer(database);
    await addVillage(county.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    kiosk = freshDb();
  });
  afterEach(async () => {
    kiosk.close();
    await county.close();
    await database.drop();
  });

  it('enrols with this kiosk’s author id, keeps the token in IndexedDB, and keeps the author id', async () => {
    const localId = await getDeviceId(kiosk);
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const credentials = freshCredentialStore();
    const bridge = webBridge(credentials);

    const result = await enrollKiosk({ countyUrl: ` ${county.baseUrl}/ `, code: code.toLowerCase(), deviceName: ' 东村服务站 ' }, { bridge, db: kiosk });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.enrollment).toMatchObject({ countyUrl: county.baseUrl, villageCode: VILLAGE, deviceName: '东村服务站', epoch: 1, stationNo: 1 });
    // The station number numbers this kiosk's receipts from now on.
    expect(await getStationNo(kiosk)).toBe(1);
    // Events written before and after enrollment are all authored by the kiosk's own id, which the county now knows.
    expect(await getDeviceId(kiosk)).toBe(localId);
    expect(result.enrollment.deviceId).not.toBe(localId);
    expect(await listDevices(county.handle.db)).toEqual([expect.objectContaining({ id: result.enrollment.deviceId, authorId: localId })]);

    const stored = await credentials.read();
    expect(stored?.enrollment).toEqual(result.enrollment);
    expect(stored?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await bridge.getSyncCredentials()).toEqual({ ok: true, value: stored });
    expect(await readEnrollment(bridge)).toEqual(result.enrollment);
    // The token is a real one: the county knows this device by it.
    const me = await fetch(`${county.baseUrl}/api/v1/devices/me`, { headers: { Authorization: `Bearer ${stored?.token ?? ''}` } });
    expect(me.status).toBe(200);

    expect(await forgetKioskEnrollment(bridge)).toEqual({ ok: true, forgotten: true });
    expect(await readEnrollment(bridge)).toBeNull();
    expect(await forgetKioskEnrollment(bridge)).toEqual({ ok: true, forgotten: false });
  });

  it('explains the failures in the screen’s terms and changes nothing locally', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const credentials = freshCredentialStore();
    const bridge = webBridge(credentials);
    expect((await enrollKiosk({ countyUrl: county.baseUrl, code, deviceName: 'A' }, { bridge, db: kiosk })).ok).toBe(true);
    const authorId = await getDeviceId(kiosk);
    await forgetKioskEnrollment(bridge);
    await kiosk.outbox.add({ seq: 1, kind: 'audit', id: '1', body: {}, state: 'acked', rejection: null });

    const failureOf = async (input: { countyUrl: string; code: string; deviceName: string }) => {
      const result = await enrollKiosk(input, { bridge, db: kiosk });
      return result.ok ? 'ok' : result.failure;
    };
    expect(await failureOf({ countyUrl: county.baseUrl, code, deviceName: 'A' })).toBe('codeUsed');
    expect(await failureOf({ countyUrl: county.baseUrl, code: 'ZZZZZZZZ2345', deviceName: 'A' })).toBe('codeUnknown');
    expect(await failureOf({ countyUrl: 'http://127.0.0.1:9', code, deviceName: 'A' })).toBe('network');
    expect(await failureOf({ countyUrl: `${county.baseUrl}/wrong`, code, deviceName: 'A' })).toBe('notCountyServer');
    expect(await failureOf({ countyUrl: 'county.example.cn', code, deviceName: 'A' })).toBe('invalidCountyUrl');
    expect(await failureOf({ countyUrl: county.baseUrl, code: 'AB', deviceName: 'A' })).toBe('invalidCode');
    expect(await failureOf({ countyUrl: county.baseUrl, code, deviceName: '  ' })).toBe('invalidDeviceName');

    expect(await credentials.read()).toBeNull();
    expect(await getDeviceId(kiosk)).toBe(authorId);
    expect(await listDevices(county.handle.db)).toHaveLength(1);
    // A failed enrollment re-queues nothing: the entries stay as the last county answered.
    expect(await kiosk.outbox.toArray()).toEqual([expect.objectContaining({ seq: 1, state: 'acked' })]);
  });

  it('queues the whole outbox again for the new device, rejections cleared, when the kiosk enrols again', async () => {
    const bridge = webBridge(freshCredentialStore());
    const first = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    expect((await enrollKiosk({ countyUrl: county.baseUrl, code: first.code, deviceName: 'A' }, { bridge, db: kiosk })).ok).toBe(true);
    await kiosk.outbox.bulkAdd([
      { seq: 1, kind: 'audit', id: '1', body: {}, state: 'acked', rejection: null },
      { seq: 2, kind: 'feedback', id: 'f', body: {}, state: 'rejected', rejection: { code: 'INVALID_BODY', message: 'old author check' } },
      { seq: 3, kind: 'audit', id: '2', body: {}, state: 'pending', rejection: null },
    ]);
    await forgetKioskEnrollment(bridge);

    const second = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const result = await enrollKiosk({ countyUrl: county.baseUrl, code: second.code, deviceName: 'A' }, { bridge, db: kiosk });
    expect(result.ok).toBe(true);
    expect((await kiosk.outbox.toArray()).map((e) => [e.seq, e.state, e.rejection])).toEqual([[1, 'pending', null], [2, 'pending', null], [3, 'pending', null]]);
    const devices = await listDevices(county.handle.db);
    expect(devices).toHaveLength(2);
    expect(new Set(devices.map((d) => d.authorId))).toEqual(new Set([await getDeviceId(kiosk)]));
  });

  it('explains that the village has no station number left, keeping the kiosk as it was', async () => {
    for (let i = 0; i < 9; i++) {
      const other = freshDb();
      try {
        const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
        expect(await enrollKiosk({ countyUrl: county.baseUrl, code, deviceName: `K${i}` }, { bridge: webBridge(freshCredentialStore()), db: other })).toMatchObject({ ok: true, enrollment: { stationNo: i + 1 } });
      } finally {
        other.close();
      }
    }
    const bridge = webBridge(freshCredentialStore());
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const result = await enrollKiosk({ countyUrl: county.baseUrl, code, deviceName: 'tenth' }, { bridge, db: kiosk });
    expect(result).toMatchObject({ ok: false, failure: 'villageFull', detail: expect.stringMatching(/nine kiosks/) });
    expect(await readEnrollment(bridge)).toBeNull();
    expect(await getStationNo(kiosk)).toBe(0);
    expect(await listDevices(county.handle.db)).toHaveLength(9);
  });

  it('explains that a kiosk of another village cannot be enrolled here, without spending the code', async () => {
    await addVillage(county.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    const bridge = webBridge(freshCredentialStore());
    const east = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    expect((await enrollKiosk({ countyUrl: county.baseUrl, code: east.code, deviceName: 'A' }, { bridge, db: kiosk })).ok).toBe(true);
    await forgetKioskEnrollment(bridge);

    const west = await issueEnrollmentCode(county.handle.db, OTHER_VILLAGE, HOUR);
    const result = await enrollKiosk({ countyUrl: county.baseUrl, code: west.code, deviceName: 'A' }, { bridge, db: kiosk });
    expect(result).toMatchObject({ ok: false, failure: 'authorIdTaken', detail: expect.stringMatching(/another village/) });
    expect(await readEnrollment(bridge)).toBeNull();
    expect(await listDevices(county.handle.db)).toHaveLength(1);
    // The code still works for a kiosk that belongs to that village.
    const fresh = freshDb();
    try {
      expect((await enrollKiosk({ countyUrl: county.baseUrl, code: west.code, deviceName: 'B' }, { bridge, db: fresh })).ok).toBe(true);
    } finally {
      fresh.close();
    }
  });

  it('reports a browser without IndexedDB as unsupported, without spending the code', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const result = await enrollKiosk({ countyUrl: county.baseUrl, code, deviceName: 'A' }, { bridge: webBridge(undefined), db: kiosk });
    expect(result).toMatchObject({ ok: false, failure: 'unsupported' });
    expect(await listDevices(county.handle.db)).toEqual([]);
    expect(await webBridge(undefined).getSyncCredentials()).toEqual({ ok: true, value: null });
  });

  it('reports a token that cannot be written as storageFailed', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const broken: WebCredentialStore = { read: async () => null, write: () => Promise.reject(new Error('QuotaExceededError')), forget: async () => false };
    const result = await enrollKiosk({ countyUrl: county.baseUrl, code, deviceName: 'A' }, { bridge: webBridge(broken), db: kiosk });
    expect(result).toMatchObject({ ok: false, failure: 'storageFailed', detail: expect.stringMatching(/QuotaExceeded/) });
  });

  it('sends the code with no cookies and no redirects, and only to the enroll endpoint', async () => {
    const fakeFetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response('{}', { status: 500 }));
    const result = await enrollKiosk({ countyUrl: 'https://county.example.cn/sync', code: 'ABCDEFGH2345', deviceName: 'A' }, {
      bridge: webBridge(freshCredentialStore(), fakeFetch as unknown as typeof fetch),
      db: kiosk,
    });
    expect(result).toMatchObject({ ok: false, failure: 'serverError' });
    const [url, init] = fakeFetch.mock.calls[0] ?? [];
    expect(url).toBe('https://county.example.cn/sync/api/v1/devices/enroll');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'error', mode: 'cors' });
    expect(JSON.parse(String(init?.body))).toEqual({ code: 'ABCDEFGH2345', deviceName: 'A', authorId: await getDeviceId(kiosk) });
  });
});

describe('web credential store', () => {
  it('reads a damaged record as not enrolled', async () => {
    const indexedDB = new IDBFactory();
    const store = createWebCredentialStore('credentials-damaged', { indexedDB, IDBKeyRange });
    expect(await store.read()).toBeNull();
    await expect(store.write({ enrollment: {} as never, token: 'x' })).rejects.toThrow();
    // Written by something else (an older build, a hand edit): refused at read.
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('credentials-damaged');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction('credentials', 'readwrite');
      tx.objectStore('credentials').put({ key: 'sync', value: { format: 1, credentials: { token: 'short' } } });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    raw.close();
    expect(await store.read()).toBeNull();
  });
});
