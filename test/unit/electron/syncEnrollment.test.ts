import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/logic/appProtocolHandler';
import { contentSecurityPolicyFor, KIOSK_CSP } from '../../../electron/logic/csp';
import { createNodePostJson } from '../../../electron/logic/enrollHttp';
import { createIpcRouter, type IpcSender, type KioskHandlers } from '../../../electron/logic/ipcRouter';
import { createSyncEnrollmentHandlers } from '../../../electron/logic/syncEnrollmentHandlers';
import type { SyncCredentialStore } from '../../../electron/logic/syncCredentialStore';
import type { PostJson } from '../../../shared/ipc/enrollCall';
import type { KioskMethodName, SyncCredentials, SyncEnrollment } from '../../../shared/ipc/contract';
import { listDevices } from '../../../server/src/repositories/devices';
import { addVillage } from '../../../server/src/repositories/villages';
import { issueEnrollmentCode } from '../../../server/src/services/enrollment';
import { startServer, type RunningServer } from '../../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../../server/test/pg';

/**
 * The main process's enrollment (handlers + Node fetch) against a real county server on 127.0.0.1,
 * through the IPC router exactly as the page reaches it.
 */
const VILLAGE = '130123104201';
/** The kiosk's permanent author id (settings 'deviceId' in the page's database). */
const AUTHOR_ID = '01900000-0000-7000-8000-00000000a001';
const HOUR = 3_600_000;
const NOW = new Date('2026-11-27T02:00:00.000Z');
const appPage: IpcSender = { frameUrl: 'app://kiosk/index.html#/agent/admin', isMainFrame: true };

function memoryStore(canStore = true): SyncCredentialStore & { stored: SyncCredentials | null } {
  return {
    stored: null,
    canStore: () => canStore,
    async read() {
      return this.stored;
    },
    async write(credentials) {
      this.stored = credentials;
    },
    async forget() {
      const had = this.stored !== null;
      this.stored = null;
      return had;
    },
  };
}

function harness(options: { store?: ReturnType<typeof memoryStore>; postJson?: PostJson } = {}) {
  const store = options.store ?? memoryStore();
  const changes: Array<SyncEnrollment | null> = [];
  const postJson = vi.fn(options.postJson ?? createNodePostJson());
  const unexpected = (): never => {
    throw new Error('unexpected call');
  };
  const handlers: KioskHandlers<null> = {
    getAppInfo: unexpected,
    printPage: unexpected,
    setKioskMode: unexpected,
    listPrinters: unexpected,
    saveFile: unexpected,
    openFile: unexpected,
    getUnattendedSettings: unexpected,
    saveUnattendedSettings: unexpected,
    exportDiagnostics: unexpected,
    sendDiagnostics: unexpected,
    ...createSyncEnrollmentHandlers<null>({ store, postJson, now: () => NOW, onEnrollmentChanged: (e) => changes.push(e) }),
  };
  const router = createIpcRouter(handlers);
  const call = (method: KioskMethodName, ...args: unknown[]) => router.dispatch(method, appPage, args, null);
  return { store, changes, postJson, call };
}

/** A plain HTTP server that is not a county server, answering every request with `respond`. */
async function otherServer(respond: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let database: TestDatabase;
let county: RunningServer;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  database = await createTestDatabase('sqlite');
  county = await startServer(database);
  await addVillage(county.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await county.close();
  await database.drop();
});

describe('enrollDevice in the main process', () => {
  it('enrols, keeps the token in the store, and tells main to add the county to the CSP', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const h = harness();
    const result = await h.call('enrollDevice', { countyUrl: `${county.baseUrl}/`, code, deviceName: '东村服务站', authorId: AUTHOR_ID });
    expect(result.ok).toBe(true);
    const enrollment = (result as { value: SyncEnrollment }).value;
    expect(enrollment).toMatchObject({ countyUrl: county.baseUrl, villageCode: VILLAGE, deviceName: '东村服务站', enrolledAt: NOW.toISOString(), epoch: 1, stationNo: 1 });
    // The token stays in main: the page gets the enrollment only.
    expect(JSON.stringify(result)).not.toContain(h.store.stored?.token ?? 'no token');
    expect(h.store.stored?.enrollment).toEqual(enrollment);
    expect(h.store.stored?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h.changes).toEqual([enrollment]);

    const devices = await listDevices(county.handle.db);
    expect(devices.map((d) => [d.id, d.authorId])).toEqual([[enrollment.deviceId, AUTHOR_ID]]);
    expect(h.postJson).toHaveBeenCalledWith(`${county.baseUrl}/api/v1/devices/enroll`, { code, deviceName: '东村服务站', authorId: AUTHOR_ID });
    expect(await h.call('getSyncCredentials')).toEqual({ ok: true, value: h.store.stored });

    const policy = contentSecurityPolicyFor(enrollment);
    expect(policy).toContain(`connect-src 'self' ${county.baseUrl}`);
  });

  it('answers the county refusals with the county codes, and keeps the first enrollment', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const h = harness();
    expect((await h.call('enrollDevice', { countyUrl: county.baseUrl, code, deviceName: 'A', authorId: AUTHOR_ID })).ok).toBe(true);
    const first = h.store.stored;

    expect(await h.call('enrollDevice', { countyUrl: county.baseUrl, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'ENROLLMENT_CODE_USED', message: expect.stringMatching(/already used/) },
    });
    expect(await h.call('enrollDevice', { countyUrl: county.baseUrl, code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'ENROLLMENT_CODE_UNKNOWN' },
    });
    const stale = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR, new Date(Date.now() - 2 * HOUR));
    expect(await h.call('enrollDevice', { countyUrl: county.baseUrl, code: stale.code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'ENROLLMENT_CODE_EXPIRED' },
    });
    expect(h.store.stored).toBe(first);
    expect(h.changes).toHaveLength(1);
    expect(await listDevices(county.handle.db)).toHaveLength(1);
  });

  it('tells a dead address, a wrong path and a web server that is not a county apart', async () => {
    const h = harness();
    const closed = await otherServer((_req, res) => res.end());
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const code = 'ABCDEFGH2345';
    expect(await h.call('enrollDevice', { countyUrl: closed.url, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL_NETWORK', message: expect.stringMatching(/ECONNREFUSED/) },
    });
    expect(await h.call('enrollDevice', { countyUrl: `${county.baseUrl}/county`, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL_NOT_COUNTY_SERVER' },
    });

    const html = await otherServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    });
    closers.push(() => new Promise((resolve) => html.server.close(() => resolve())));
    expect(await h.call('enrollDevice', { countyUrl: html.url, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({ ok: false, error: { code: 'ENROLL_NOT_COUNTY_SERVER' } });

    const okButWrong = await otherServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"hello":"world"}');
    });
    closers.push(() => new Promise((resolve) => okButWrong.server.close(() => resolve())));
    expect(await h.call('enrollDevice', { countyUrl: okButWrong.url, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({ ok: false, error: { code: 'ENROLL_NOT_COUNTY_SERVER' } });

    const broken = await otherServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('Bad Gateway');
    });
    closers.push(() => new Promise((resolve) => broken.server.close(() => resolve())));
    expect(await h.call('enrollDevice', { countyUrl: broken.url, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({ ok: false, error: { code: 'ENROLL_SERVER_ERROR' } });

    const redirecting = await otherServer((_req, res) => {
      res.writeHead(307, { Location: `${county.baseUrl}/api/v1/devices/enroll` });
      res.end();
    });
    closers.push(() => new Promise((resolve) => redirecting.server.close(() => resolve())));
    // The code is never forwarded to another address.
    expect(await h.call('enrollDevice', { countyUrl: redirecting.url, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({ ok: false, error: { code: 'ENROLL_NETWORK' } });
    expect(h.store.stored).toBeNull();
    expect(h.changes).toEqual([]);
  });

  it('gives up on a county that never answers', async () => {
    const hanging = await otherServer(() => undefined);
    closers.push(async () => {
      hanging.server.closeAllConnections();
      await new Promise<void>((resolve) => hanging.server.close(() => resolve()));
    });
    const h = harness({ postJson: createNodePostJson(fetch, 300) });
    const started = Date.now();
    expect(await h.call('enrollDevice', { countyUrl: hanging.url, code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL_NETWORK', message: expect.stringMatching(/no answer within/) },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses malformed requests before any network call', async () => {
    const h = harness();
    const bad: unknown[] = [
      { countyUrl: 'ftp://county.example.cn', code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'https://user:secret@county.example.cn', code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn/#x', code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn/?a=1', code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'javascript:alert(1)', code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn', code: 'abcdefgh2345', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn', code: 'ABC', deviceName: 'A', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn', code: 'ABCDEFGH2345', deviceName: '', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn', code: 'ABCDEFGH2345', deviceName: 'A', authorId: AUTHOR_ID, token: 'x' },
      { countyUrl: 'https://county.example.cn', code: 'ABCDEFGH2345', authorId: AUTHOR_ID },
      { countyUrl: 'https://county.example.cn', code: 'ABCDEFGH2345', deviceName: 'A' },
      { countyUrl: 'https://county.example.cn', code: 'ABCDEFGH2345', deviceName: 'A', authorId: 'kiosk-1' },
      'https://county.example.cn',
      undefined,
    ];
    for (const request of bad) {
      expect(await h.call('enrollDevice', request), JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await h.call('getSyncCredentials', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await h.call('forgetEnrollment', 'all')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(h.postJson).not.toHaveBeenCalled();
  });

  it('does not spend the code when the kiosk cannot keep a token', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const h = harness({ store: memoryStore(false) });
    expect(await h.call('enrollDevice', { countyUrl: county.baseUrl, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'CREDENTIALS_STORAGE_FAILED' },
    });
    expect(h.postJson).not.toHaveBeenCalled();
    expect(await listDevices(county.handle.db)).toEqual([]);
  });

  it('reports a store that fails after the county said yes', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const store = memoryStore();
    store.write = async () => {
      throw new Error('EACCES: permission denied');
    };
    const h = harness({ store });
    expect(await h.call('enrollDevice', { countyUrl: county.baseUrl, code, deviceName: 'A', authorId: AUTHOR_ID })).toMatchObject({
      ok: false,
      error: { code: 'CREDENTIALS_STORAGE_FAILED', message: expect.stringMatching(/EACCES.*new code/) },
    });
    expect(h.changes).toEqual([]);
  });

  it('forgets: the credentials go, main narrows the CSP again', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, VILLAGE, HOUR);
    const h = harness();
    await h.call('enrollDevice', { countyUrl: county.baseUrl, code, deviceName: 'A', authorId: AUTHOR_ID });
    expect(await h.call('forgetEnrollment')).toEqual({ ok: true, value: { forgotten: true } });
    expect(await h.call('getSyncCredentials')).toEqual({ ok: true, value: null });
    expect(await h.call('forgetEnrollment')).toEqual({ ok: true, value: { forgotten: false } });
    expect(h.changes.at(-1)).toBeNull();
    expect(contentSecurityPolicyFor(null)).toBe(KIOSK_CSP);
  });
});

describe('the CSP follows the enrollment', () => {
  it('serves later responses with the county in connect-src, and never widens for an unusable URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-csp-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    let policy = KIOSK_CSP;
    const handler = createAppProtocolHandler({ rendererDir: join(dir, 'renderer'), demoDir: null, contentSecurityPolicy: () => policy });
    const connectSrc = async () =>
      (await handler(new Request('app://kiosk/index.html'))).headers.get('content-security-policy')?.match(/connect-src [^;]+/)?.[0];

    expect(await connectSrc()).toBe("connect-src 'self'");
    policy = contentSecurityPolicyFor({ countyUrl: 'https://county.example.cn:8443/sync' });
    expect(await connectSrc()).toBe("connect-src 'self' https://county.example.cn:8443");
    expect(contentSecurityPolicyFor({ countyUrl: "https://x; script-src 'unsafe-inline'" })).toBe(KIOSK_CSP);
    expect(contentSecurityPolicyFor({ countyUrl: 'file:///etc' })).toBe(KIOSK_CSP);
  });
});
