import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebBridge, type WebBridgeEnvironment } from '../../../renderer/src/bridge/webBridge';
import type { WebCredentialStore } from '../../../renderer/src/bridge/webCredentialStore';
import { WEB_UNATTENDED_SETTINGS_KEY } from '../../../renderer/src/bridge/webStationAdmin';
import { DIAGNOSTICS_FORMAT } from '../../../shared/diagnostics/bundle';
import type { ReportedSyncState, SyncCredentials } from '../../../shared/ipc/contract';
import { DEFAULT_UNATTENDED_SETTINGS } from '../../../shared/unattended/settings';

/** The web bridge's station admin methods: localStorage settings, a downloaded bundle, a POST to the county. */
const NOW = new Date('2026-11-27T02:00:00.000Z');
const DEVICE_ID = '01900000-0000-7000-8000-00000000d001';
const TOKEN = 'tok_'.padEnd(48, 'y');
const SYNC: ReportedSyncState = { state: 'error', lastSuccessAt: null, lastAttemptAt: null, lastError: 'refused: 姓名：王小华 13812345678', pendingUploads: 0 };

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> & { items: Record<string, string> } {
  const items = { ...initial };
  return { items, getItem: (key) => items[key] ?? null, setItem: (key, value) => void (items[key] = value) };
}

function credentialStore(value: SyncCredentials | null): WebCredentialStore {
  return { read: async () => value, write: async () => undefined, forget: async () => false };
}

function credentials(countyUrl: string): SyncCredentials {
  return {
    enrollment: { countyUrl, deviceId: DEVICE_ID, villageCode: '130123104201', deviceName: 'kiosk', enrolledAt: NOW.toISOString(), epoch: 1, stationNo: 1 },
    token: TOKEN,
  };
}

function bridgeWith(extra: Partial<WebBridgeEnvironment> = {}) {
  const downloads: { name: string; text: string; mimeType: string }[] = [];
  const bridge = createWebBridge({
    version: '1.4.0',
    platform: 'Linux',
    print: undefined,
    now: () => NOW,
    download: (name, contentBase64, mimeType) => downloads.push({ name, text: Buffer.from(contentBase64, 'base64').toString('utf8'), mimeType }),
    fetch: (input, init) => fetch(input, init),
    ...extra,
  });
  return { bridge, downloads };
}

describe('web unattended settings', () => {
  it('keeps the settings in storage, parsed on read, and never claims display control', async () => {
    const storage = memoryStorage();
    const { bridge } = bridgeWith({ settingsStorage: storage });
    expect(await bridge.getUnattendedSettings()).toEqual({ ok: true, value: { settings: DEFAULT_UNATTENDED_SETTINGS, controlsDisplayPower: false } });
    const next = { openingHours: { from: '06:00', to: '01:00' }, touchMode: true };
    expect(await bridge.saveUnattendedSettings(next)).toEqual({ ok: true, value: { settings: next, controlsDisplayPower: false } });
    expect(JSON.parse(storage.items[WEB_UNATTENDED_SETTINGS_KEY] ?? '')).toEqual(next);
    expect(await bridge.getUnattendedSettings()).toMatchObject({ ok: true, value: { settings: next } });
  });

  it('rejects bad settings without storing, and reads damaged storage as the defaults', async () => {
    const storage = memoryStorage();
    const { bridge } = bridgeWith({ settingsStorage: storage });
    const bad = { openingHours: { from: '24:00', to: '08:00' }, touchMode: false };
    expect(await bridge.saveUnattendedSettings(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(storage.items).toEqual({});
    for (const damaged of ['{not json', '{"openingHours":{"from":"x","to":"y"},"touchMode":true}', '[]']) {
      const { bridge: other } = bridgeWith({ settingsStorage: memoryStorage({ [WEB_UNATTENDED_SETTINGS_KEY]: damaged }) });
      expect(await other.getUnattendedSettings(), damaged).toMatchObject({ ok: true, value: { settings: DEFAULT_UNATTENDED_SETTINGS } });
    }
  });
});

describe('web diagnostics', () => {
  let server: Server | null = null;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
    received.length = 0;
  });

  async function county(status: number, body: unknown): Promise<string> {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body: text });
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('downloads a redacted bundle', async () => {
    const { bridge, downloads } = bridgeWith({ credentials: credentialStore(credentials('http://county.example')) });
    const result = await bridge.exportDiagnostics({ sync: SYNC });
    expect(result).toEqual({ ok: true, value: { exported: true, fileName: `diagnostics-${DEVICE_ID}-20261127T020000Z.json`, redactions: 2 } });
    expect(downloads).toHaveLength(1);
    const [file] = downloads;
    expect(file?.mimeType).toBe('application/json');
    expect(file?.text).not.toContain('王小华');
    expect(file?.text).not.toContain('13812345678');
    expect(JSON.parse(file?.text ?? '')).toMatchObject({ format: DIAGNOSTICS_FORMAT, versions: { app: '1.4.0', platform: 'Linux' }, device: { deviceId: DEVICE_ID }, logLines: [] });
    const extraField: unknown = { sync: { ...SYNC, extra: 1 } };
    expect(await bridge.exportDiagnostics(extraField as never)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(downloads).toHaveLength(1);
  });

  it('sends with the token: 201 → id, 4xx → refused, nothing listening → offline, not enrolled → refused early', async () => {
    const url = await county(201, { id: 'diag-1' });
    const { bridge } = bridgeWith({ credentials: credentialStore(credentials(url)) });
    expect(await bridge.sendDiagnostics({ sync: SYNC })).toEqual({ ok: true, value: { id: 'diag-1', redactions: 2 } });
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received[0]?.body).not.toContain('王小华');
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const refusing = await county(422, { error: { code: 'DEVICE_MISMATCH', message: 'the bundle was made on another device' } });
    const refused = await bridgeWith({ credentials: credentialStore(credentials(refusing)) }).bridge.sendDiagnostics({ sync: SYNC });
    expect(refused).toEqual({ ok: false, error: { code: 'DIAGNOSTICS_REFUSED', message: 'DEVICE_MISMATCH: the bundle was made on another device' } });
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;

    expect(await bridgeWith({ credentials: credentialStore(credentials(refusing)) }).bridge.sendDiagnostics({ sync: SYNC })).toMatchObject({
      ok: false,
      error: { code: 'DIAGNOSTICS_OFFLINE' },
    });
    expect(await bridgeWith({ credentials: credentialStore(null) }).bridge.sendDiagnostics({ sync: SYNC })).toMatchObject({
      ok: false,
      error: { code: 'DIAGNOSTICS_NOT_ENROLLED' },
    });
  });
});
