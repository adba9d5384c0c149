import * as nodeFs from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logFileConfig } from '../../../electron/logic/diagnosticsLog';
import { createIpcRouter, type IpcSender, type KioskHandlers } from '../../../electron/logic/ipcRouter';
import { createStationAdminHandlers, nodeSettingsFiles, type StationAdminDeps } from '../../../electron/logic/stationAdminHandlers';
import { loadUnattendedSettings, unattendedSettingsPath } from '../../../electron/logic/unattendedSettings';
import { DIAGNOSTICS_FORMAT } from '../../../shared/diagnostics/bundle';
import type { KioskMethodName, ReportedSyncState, SyncCredentials } from '../../../shared/ipc/contract';
import { DEFAULT_UNATTENDED_SETTINGS, type UnattendedSettings } from '../../../shared/unattended/settings';

/**
 * The station administrator's methods in the main process, through the IPC router as the page
 * reaches them: settings written to a real temp folder, bundles exported to one, and sent to a real
 * HTTP server on 127.0.0.1.
 */
const appPage: IpcSender = { frameUrl: 'app://kiosk/index.html#/agent/admin', isMainFrame: true };
const NOW = new Date('2026-11-27T02:00:00.000Z');
const DEVICE_ID = '01900000-0000-7000-8000-00000000d001';
const TOKEN = 'tok_'.padEnd(48, 'x');
// Personal data a careless log line could hold: an ID number, a name after its label, a mobile number.
const ID_NUMBER = '110101199003071234';
const NAME = '王小华';
const PHONE = '13812345678';
const SYNC: ReportedSyncState = { state: 'error', lastSuccessAt: '2026-11-26T20:00:00.000Z', lastAttemptAt: null, lastError: 'network: fetch failed', pendingUploads: 3 };

let dir: string;
let userData: string;
let usb: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'station-admin-'));
  userData = join(dir, 'userData');
  usb = join(dir, 'usb');
  await mkdir(join(userData, 'logs'), { recursive: true });
  await mkdir(usb);
  await writeFile(
    join(userData, 'logs', 'main.log'),
    [
      '[2026-11-27 09:00:01.000] [info] [kiosk] started',
      `[2026-11-27 09:12:44.000] [error] case save failed for 姓名：${NAME} id ${ID_NUMBER} phone ${PHONE}`,
      '[2026-11-27 09:13:00.000] [warn] printer offline',
    ].join('\n'),
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function credentials(countyUrl: string): SyncCredentials {
  return {
    enrollment: { countyUrl, deviceId: DEVICE_ID, villageCode: '130123104201', deviceName: 'kiosk 1', enrolledAt: NOW.toISOString(), epoch: 1, stationNo: 1 },
    token: TOKEN,
  };
}

function harness(overrides: Partial<StationAdminDeps> = {}) {
  let settings: UnattendedSettings = DEFAULT_UNATTENDED_SETTINGS;
  const applied: UnattendedSettings[] = [];
  const deps: StationAdminDeps = {
    currentSettings: () => settings,
    applySettings: (next) => {
      settings = next;
      applied.push(next);
    },
    settingsPath: unattendedSettingsPath(userData),
    settingsFiles: nodeSettingsFiles,
    showFolder: async () => usb,
    versions: () => ({ app: '1.4.0', electron: '45.0.0', chrome: '140.0', node: '22.0.0', platform: 'win32', arch: 'x64' }),
    readCredentials: async () => null,
    logConfig: logFileConfig({ userDataDir: userData, isPackaged: true }),
    fs: nodeFs,
    now: () => NOW,
    ...overrides,
  };
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
    enrollDevice: unexpected,
    getSyncCredentials: unexpected,
    forgetEnrollment: unexpected,
    ...createStationAdminHandlers<null>(deps),
  };
  const router = createIpcRouter(handlers);
  const call = (method: KioskMethodName, ...args: unknown[]) => router.dispatch(method, appPage, args, null);
  return { call, applied, deps };
}

const readSettingsFile = () =>
  loadUnattendedSettings(() => (nodeFs.existsSync(unattendedSettingsPath(userData)) ? nodeFs.readFileSync(unattendedSettingsPath(userData), 'utf8') : null));

describe('unattended settings', () => {
  it('answers the running settings and says Electron controls the display', async () => {
    const { call } = harness();
    expect(await call('getUnattendedSettings')).toEqual({ ok: true, value: { settings: DEFAULT_UNATTENDED_SETTINGS, controlsDisplayPower: true } });
  });

  it('writes the file main reads at start, leaves no temp file, then applies', async () => {
    const { call, applied } = harness();
    const next: UnattendedSettings = { openingHours: { from: '06:00', to: '22:30' }, touchMode: true };
    expect(await call('saveUnattendedSettings', next)).toEqual({ ok: true, value: { settings: next, controlsDisplayPower: true } });
    expect(readSettingsFile()).toEqual({ settings: next, warnings: [] });
    expect(await readdir(userData)).toEqual(['logs', 'unattended-settings.json']);
    expect(applied).toEqual([next]);
    expect(await call('getUnattendedSettings')).toMatchObject({ ok: true, value: { settings: next } });

    const always: UnattendedSettings = { openingHours: null, touchMode: false };
    expect(await call('saveUnattendedSettings', always)).toMatchObject({ ok: true });
    expect(readSettingsFile().settings).toEqual(always);
  });

  it('rejects bad settings before anything is written or applied', async () => {
    const { call, applied } = harness();
    for (const bad of [
      { openingHours: { from: '25:00', to: '20:00' }, touchMode: false },
      { openingHours: { from: '7:30', to: '20:00' }, touchMode: false },
      { openingHours: { from: '08:00', to: '08:00' }, touchMode: false },
      { openingHours: null, touchMode: 'yes' },
      { openingHours: null, touchMode: false, extra: 1 },
      undefined,
    ]) {
      expect(await call('saveUnattendedSettings', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(nodeFs.existsSync(unattendedSettingsPath(userData))).toBe(false);
    expect(applied).toEqual([]);
  });

  it('reports a failed write and keeps running with the old settings', async () => {
    const { call, applied } = harness({ settingsPath: join(dir, 'no-such-folder', 'unattended-settings.json') });
    const result = await call('saveUnattendedSettings', { openingHours: null, touchMode: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'FILE_FAILED' } });
    expect(applied).toEqual([]);
    expect(await call('getUnattendedSettings')).toMatchObject({ ok: true, value: { settings: DEFAULT_UNATTENDED_SETTINGS } });
  });
});

describe('exportDiagnostics', () => {
  it('writes a redacted bundle to the chosen folder and says how much was removed', async () => {
    const { call } = harness({ readCredentials: async () => credentials('http://county.example') });
    const result = await call('exportDiagnostics', { sync: SYNC });
    if (!result.ok) throw new Error(result.error.message);
    const value = result.value as { exported: boolean; fileName: string; redactions: number };
    expect(value.exported).toBe(true);
    expect(value.fileName).toBe(`diagnostics-${DEVICE_ID}-20261127T020000Z.json`);
    expect(await readdir(usb)).toEqual([value.fileName]);
    const text = await readFile(join(usb, value.fileName), 'utf8');
    for (const personal of [ID_NUMBER, NAME, PHONE]) expect(text).not.toContain(personal);
    expect(text).not.toContain(TOKEN);
    const bundle = JSON.parse(text) as Record<string, unknown> & { redactions: Record<string, number>; logLines: string[]; errors: unknown[] };
    expect(bundle).toMatchObject({
      format: DIAGNOSTICS_FORMAT,
      device: { enrolled: true, deviceId: DEVICE_ID, countyUrl: 'http://county.example' },
      sync: SYNC,
      settings: { openingHours: '07:30-20:00', touchMode: false },
    });
    expect(bundle.logLines).toHaveLength(3);
    expect(bundle.errors).toHaveLength(1);
    const removed = Object.values(bundle.redactions).reduce((sum, n) => sum + n, 0);
    expect(removed).toBeGreaterThanOrEqual(3);
    expect(value.redactions).toBe(removed);
  });

  it('answers exported: false when the folder dialog is cancelled', async () => {
    const { call } = harness({ showFolder: async () => null });
    expect(await call('exportDiagnostics', { sync: SYNC })).toEqual({ ok: true, value: { exported: false, fileName: null, redactions: 0 } });
    expect(await readdir(usb)).toEqual([]);
  });

  it('rejects a bad request without opening the dialog or writing', async () => {
    let asked = 0;
    const { call } = harness({
      showFolder: async () => {
        asked += 1;
        return usb;
      },
    });
    for (const bad of [undefined, {}, { sync: { ...SYNC, pendingUploads: -1 } }, { sync: SYNC, token: 'x' }, { sync: { ...SYNC, lastSuccessAt: 'yesterday' } }]) {
      expect(await call('exportDiagnostics', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(asked).toBe(0);
    expect(await readdir(usb)).toEqual([]);
  });

  it('says FILE_FAILED when the stick is gone', async () => {
    const { call } = harness({ showFolder: async () => join(dir, 'pulled-stick') });
    expect(await call('exportDiagnostics', { sync: SYNC })).toMatchObject({ ok: false, error: { code: 'FILE_FAILED' } });
  });

  it('still exports when the credential store cannot be read: the bundle says not enrolled', async () => {
    const { call } = harness({ readCredentials: () => Promise.reject(new Error('decrypt failed')) });
    const result = await call('exportDiagnostics', { sync: SYNC });
    expect(result).toMatchObject({ ok: true, value: { exported: true } });
    const [name] = await readdir(usb);
    expect(JSON.parse(await readFile(join(usb, name ?? ''), 'utf8'))).toMatchObject({ device: { enrolled: false, deviceId: null } });
  });
});

describe('sendDiagnostics', () => {
  let server: Server | null = null;
  const received: { headers: IncomingMessage['headers']; url: string; body: string }[] = [];

  async function county(status: number, body: unknown): Promise<string> {
    received.length = 0;
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, url: request.url ?? '', body: text });
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('POSTs the redacted bundle with the device token and answers the county id', async () => {
    const url = await county(201, { id: '01900000-0000-7000-8000-0000000000aa' });
    const { call } = harness({ readCredentials: async () => credentials(url) });
    const result = await call('sendDiagnostics', { sync: SYNC });
    expect(result).toMatchObject({ ok: true, value: { id: '01900000-0000-7000-8000-0000000000aa' } });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.url).toBe('/api/v1/diagnostics');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const personal of [ID_NUMBER, NAME, PHONE, TOKEN]) expect(request?.body).not.toContain(personal);
    expect(JSON.parse(request?.body ?? '')).toMatchObject({ format: DIAGNOSTICS_FORMAT, device: { deviceId: DEVICE_ID }, sync: SYNC });
    expect((result as { value: { redactions: number } }).value.redactions).toBeGreaterThanOrEqual(3);
  });

  it('passes on the county refusal in its words', async () => {
    const url = await county(401, { error: { code: 'DEVICE_REVOKED', message: 'this device was revoked' } });
    const { call } = harness({ readCredentials: async () => credentials(url) });
    const result = await call('sendDiagnostics', { sync: SYNC });
    expect(result).toMatchObject({ ok: false, error: { code: 'DIAGNOSTICS_REFUSED' } });
    expect(result.ok ? '' : result.error.message).toContain('DEVICE_REVOKED: this device was revoked');
  });

  it('treats a 2xx that is not the county answer as refused', async () => {
    const url = await county(200, '<html>captive portal</html>');
    const { call } = harness({ readCredentials: async () => credentials(url) });
    expect(await call('sendDiagnostics', { sync: SYNC })).toMatchObject({ ok: false, error: { code: 'DIAGNOSTICS_REFUSED' } });
  });

  it('says offline when nothing answers', async () => {
    const url = await county(201, { id: 'x' });
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    const { call } = harness({ readCredentials: async () => credentials(url) });
    const result = await call('sendDiagnostics', { sync: SYNC });
    expect(result).toMatchObject({ ok: false, error: { code: 'DIAGNOSTICS_OFFLINE' } });
    expect(result.ok ? '' : result.error.message).toContain('ECONNREFUSED');
  });

  it('refuses before any request when the kiosk is not enrolled, and checks the request first', async () => {
    const url = await county(201, { id: 'x' });
    const { call } = harness({ readCredentials: async () => null });
    expect(await call('sendDiagnostics', { sync: SYNC })).toMatchObject({ ok: false, error: { code: 'DIAGNOSTICS_NOT_ENROLLED' } });
    const enrolled = harness({ readCredentials: async () => credentials(url) });
    expect(await enrolled.call('sendDiagnostics', { sync: { ...SYNC, state: 'x'.repeat(201) } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(received).toEqual([]);
  });
});
