import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import { dashboardErrorSchema } from '../../../shared/dashboard/staff';
import { updateListResponseSchema, type UpdateListResponse } from '../../../shared/dashboard/updates';
import type { EnrollResponse } from '../../../shared/sync/protocol';
import { addVillage } from '../../src/repositories/villages';
import { publishUpdateFolder } from '../../src/services/updates/publishUpdate';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { apiGet, apiUrl, apiWrite, enrollThroughDashboard, signInStaff, type Staff } from './adminFixtures';

const VILLAGE = '341222100201';

interface Installer {
  name: string;
  bytes: Buffer;
}

/** Random bytes, so a size or checksum taken from the wrong file can never match by accident. */
function installer(name: string, size: number): Installer {
  return { name, bytes: randomBytes(size) };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe.each(TEST_DATABASE_KINDS)('dashboard updates list (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let staff: Staff;
  let work: string;
  let updateDir: string;

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'dashboard-updates-'));
    updateDir = join(work, 'served');
    database = await createTestDatabase(kind);
    server = await startServer(database, { updateDir, rateLimitPerMinute: 1_000_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '341222100' });
    staff = await signInStaff(server);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Through the real publish service: files copied into the store, hashed, rows inserted. */
  async function publish(folder: string, files: Installer[], at: string, minVersion?: string): Promise<void> {
    const dir = join(work, folder);
    mkdirSync(dir, { recursive: true });
    for (const file of files) writeFileSync(join(dir, file.name), file.bytes);
    const result = await publishUpdateFolder(server.handle.db, { dir, updateDir, now: new Date(at), ...(minVersion === undefined ? {} : { minVersion }) });
    expect(result.published).toHaveLength(files.length);
  }

  /** A station enrolled by an admin that synced once with this build (or sent no version at all). */
  async function station(name: string, version: string | null): Promise<EnrollResponse> {
    const kiosk = await enrollThroughDashboard(server, staff.admin, VILLAGE, name);
    const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=`, {
      headers: { authorization: `Bearer ${kiosk.token}`, ...(version === null ? {} : { [KIOSK_VERSION_HEADER]: version }) },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return kiosk;
  }

  async function list(who: keyof Staff = 'viewer'): Promise<UpdateListResponse> {
    const response = await apiGet(server, staff[who], '/updates');
    expect(response.status).toBe(200);
    return updateListResponseSchema.parse(await response.json());
  }

  it('is empty before anything is published, yet counts the active stations', async () => {
    await station('未更新', '1.0.0');
    expect(await list()).toEqual({ releases: [], rollout: [], activeDevices: 1 });
  });

  it('lists every published file newest version first and, per platform and arch, how many active stations run its latest version', async () => {
    const win120 = installer('Village Kiosk Setup 1.2.0.exe', 70_000);
    const deb120 = installer('village-kiosk_1.2.0_arm64.deb', 40_000);
    const win130 = installer('Village Kiosk Setup 1.3.0.exe', 90_000);
    const appImage121 = installer('village-kiosk-1.2.1-arm64.AppImage', 50_000);
    await publish('r120', [win120, deb120], '2026-11-01T08:00:00.000Z');
    await publish('r130', [win130], '2026-11-10T08:00:00.000Z', '1.1.0');
    // A fix to the older line published last still sorts below 1.3.0.
    await publish('r121', [appImage121], '2026-11-20T08:00:00.000Z');

    await station('新版', '1.3.0');
    await station('新版带构建号', '1.3.0+build.7');
    await station('旧版', '1.2.0');
    await station('测试版', '1.4.0-beta.1');
    await station('从未报告', null);
    // Passes the kiosk header check but is no semantic version (leading zero): unknown, not guessed.
    await station('怪版本', '1.2.0-01');
    const cutOff = await station('已停用', '1.3.0');
    expect((await apiWrite(server, staff.admin, 'POST', `/devices/${cutOff.deviceId}/revoke`)).status).toBe(200);

    const body = await list();
    const rows = await server.handle.db.selectFrom('updates').select(['id', 'file_name']).execute();
    const idOf = (name: string) => rows.find((row) => row.file_name === name)?.id;
    expect(body.releases).toEqual([
      { id: idOf(win130.name), version: '1.3.0', platform: 'win32', arch: 'x64', format: 'nsis', fileName: win130.name, size: 90_000, sha256: sha256(win130.bytes), minVersion: '1.1.0', publishedAt: '2026-11-10T08:00:00.000Z' },
      { id: idOf(appImage121.name), version: '1.2.1', platform: 'linux', arch: 'arm64', format: 'appimage', fileName: appImage121.name, size: 50_000, sha256: sha256(appImage121.bytes), minVersion: null, publishedAt: '2026-11-20T08:00:00.000Z' },
      { id: idOf(deb120.name), version: '1.2.0', platform: 'linux', arch: 'arm64', format: 'deb', fileName: deb120.name, size: 40_000, sha256: sha256(deb120.bytes), minVersion: null, publishedAt: '2026-11-01T08:00:00.000Z' },
      { id: idOf(win120.name), version: '1.2.0', platform: 'win32', arch: 'x64', format: 'nsis', fileName: win120.name, size: 70_000, sha256: sha256(win120.bytes), minVersion: null, publishedAt: '2026-11-01T08:00:00.000Z' },
    ]);
    expect(body.rollout).toEqual([
      { platform: 'win32', arch: 'x64', latestVersion: '1.3.0', current: 2, older: 1, newer: 1, unknown: 2 },
      // The newest linux/arm64 version over both its formats; the revoked station is in no count.
      { platform: 'linux', arch: 'arm64', latestVersion: '1.2.1', current: 0, older: 1, newer: 3, unknown: 2 },
    ]);
    expect(body.activeDevices).toBe(6);

    // A station that updates moves from "older" to "current" on its next sync.
    const later = await station('刚更新', '1.2.0');
    expect((await list()).rollout.find((row) => row.platform === 'win32')).toMatchObject({ current: 2, older: 2 });
    const pulled = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=`, { headers: { authorization: `Bearer ${later.token}`, [KIOSK_VERSION_HEADER]: '1.3.0' } });
    expect(pulled.status).toBe(200);
    await pulled.arrayBuffer();
    expect((await list()).rollout.find((row) => row.platform === 'win32')).toMatchObject({ current: 3, older: 1 });
  });

  it('is readable by every staff role and by nobody without a session', async () => {
    await publish('r100', [installer('Village Kiosk Setup 1.0.0.exe', 10_000)], '2026-11-01T08:00:00.000Z');
    for (const role of ['viewer', 'clerk', 'admin'] as const) expect((await list(role)).releases.map((r) => r.version)).toEqual(['1.0.0']);
    const anonymous = await fetch(apiUrl(server, '/updates'));
    expect(anonymous.status).toBe(401);
    expect(dashboardErrorSchema.safeParse(await anonymous.json()).success).toBe(true);
    // Read-only: no write route answers under /updates.
    expect([404, 405]).toContain((await apiWrite(server, staff.admin, 'POST', '/updates', {})).status);
  });
});
