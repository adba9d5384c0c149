import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import { dashboardErrorSchema } from '../../../shared/dashboard/staff';
import { updateListResponseSchema, type UpdateListResponse } from '../../../shared/dashboard/updates';
import type { EnrollResponse } from '../../../shared/sync/protocol';
import { latestUpdatePath, updateReleasePath, type LatestUpdateQuery } from '../../../shared/updates/manifest';
import { addVillage } from '../../src/repositories/villages';
import { publishUpdateFolder } from '../../src/services/updates/publishUpdate';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { apiGet, apiUrl, apiWrite, enrollThroughDashboard, signInStaff, type Staff } from './adminFixtures';
import { installer, sha256, type Installer } from '../installerFixtures';

const VILLAGE = '341222100201';
/** A village holds at most nine stations (station numbers 1–9); the bigger test spreads over two. */
const WEST_VILLAGE = '341222100202';

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
    await addVillage(server.handle.db, { code: WEST_VILLAGE, name: '西村', townshipCode: '341222100' });
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
  async function station(name: string, version: string | null, village = VILLAGE): Promise<EnrollResponse> {
    const kiosk = await enrollThroughDashboard(server, staff.admin, village, name);
    const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=`, {
      headers: { authorization: `Bearer ${kiosk.token}`, ...(version === null ? {} : { [KIOSK_VERSION_HEADER]: version }) },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return kiosk;
  }

  /** What the kiosk's update check sends (shared path builder), with its own token; the answer's status. */
  async function ask(kiosk: EnrollResponse, query: LatestUpdateQuery, route: 'latest' | 'release' = 'latest'): Promise<number> {
    const path = route === 'latest' ? latestUpdatePath(query) : updateReleasePath(query);
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${kiosk.token}` } });
    await response.arrayBuffer();
    return response.status;
  }

  /** A raw query string, for what the schema must refuse. */
  async function askRaw(kiosk: EnrollResponse, query: string): Promise<number> {
    const response = await fetch(`${server.baseUrl}/api/v1/updates/latest?${query}`, { headers: { authorization: `Bearer ${kiosk.token}` } });
    await response.arrayBuffer();
    return response.status;
  }

  async function storedTarget(kiosk: EnrollResponse): Promise<{ update_platform: string | null; update_arch: string | null; update_format: string | null }> {
    return server.handle.db
      .selectFrom('devices')
      .select(['update_platform', 'update_arch', 'update_format'])
      .where('id', '=', kiosk.deviceId)
      .executeTakeFirstOrThrow();
  }

  async function list(who: keyof Staff = 'viewer'): Promise<UpdateListResponse> {
    const response = await apiGet(server, staff[who], '/updates');
    expect(response.status).toBe(200);
    return updateListResponseSchema.parse(await response.json());
  }

  it('is empty before anything is published, yet counts the active stations', async () => {
    await station('未更新', '1.0.0');
    expect(await list()).toEqual({ releases: [], rollout: [], activeDevices: 1, platformNotReported: 1 });
  });

  it('lists every published file newest version first and counts each active station only in the row of the platform and arch it asked updates for', async () => {
    const win120 = installer('Village Kiosk Setup 1.2.0.exe', 70_000);
    const deb120 = installer('village-kiosk_1.2.0_arm64.deb', 40_000);
    const win130 = installer('Village Kiosk Setup 1.3.0.exe', 90_000);
    const appImage121 = installer('village-kiosk-1.2.1-arm64.AppImage', 50_000);
    await publish('r120', [win120, deb120], '2026-11-01T08:00:00.000Z');
    await publish('r130', [win130], '2026-11-10T08:00:00.000Z', '1.1.0');
    // A fix to the older line published last still sorts below 1.3.0.
    await publish('r121', [appImage121], '2026-11-20T08:00:00.000Z');

    const windows = { platform: 'win32', arch: 'x64' } as const;
    const linuxArm = { platform: 'linux', arch: 'arm64' } as const;
    // The update check answers as before while the device's platform is recorded.
    expect(await ask(await station('新版', '1.3.0'), { ...windows, version: '1.3.0' })).toBe(204);
    expect(await ask(await station('新版带构建号', '1.3.0+build.7'), { ...windows, version: '1.3.0+build.7', format: 'nsis' })).toBe(204);
    expect(await ask(await station('旧版', '1.2.0'), { ...windows, version: '1.2.0' })).toBe(200);
    // Asked for updates but its sync sent no version: unknown, in its own row only.
    await ask(await station('同步无版本', null), { ...windows, version: '1.0.0' });
    await ask(await station('Linux 旧版', '1.2.0', WEST_VILLAGE), { ...linuxArm, version: '1.2.0' });
    await ask(await station('Linux 当前', '1.2.1', WEST_VILLAGE), { ...linuxArm, version: '1.2.1', format: 'appimage' });
    await ask(await station('测试版', '1.4.0-beta.1', WEST_VILLAGE), { ...linuxArm, version: '1.4.0-beta.1' });
    // Its platform has no release: in no row, yet it did report its platform.
    await ask(await station('Linux x64', '1.2.0', WEST_VILLAGE), { platform: 'linux', arch: 'x64', version: '1.2.0' });
    // Never asked (an older kiosk, web mode): counted once, apart from every row.
    await station('从未检查更新', '1.3.0');
    // Passes the kiosk header check but is no semantic version (leading zero); it never asked either.
    await station('怪版本', '1.2.0-01');
    const cutOff = await station('已停用', '1.3.0');
    await ask(cutOff, { ...windows, version: '1.3.0' });
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
      { platform: 'win32', arch: 'x64', latestVersion: '1.3.0', current: 2, older: 1, newer: 0, unknown: 1 },
      // The newest linux/arm64 version over both its formats; the revoked station is in no count.
      { platform: 'linux', arch: 'arm64', latestVersion: '1.2.1', current: 1, older: 1, newer: 1, unknown: 0 },
    ]);
    expect(body.activeDevices).toBe(10);
    expect(body.platformNotReported).toBe(2);

    // A station that updates moves from "older" to "current" on its next sync.
    const later = await station('刚更新', '1.2.0');
    expect((await list()).platformNotReported).toBe(3);
    await ask(later, { ...windows, version: '1.2.0' });
    const afterAsking = await list();
    expect(afterAsking.platformNotReported).toBe(2);
    expect(afterAsking.rollout.find((row) => row.platform === 'win32')).toMatchObject({ current: 2, older: 2 });
    const pulled = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=`, { headers: { authorization: `Bearer ${later.token}`, [KIOSK_VERSION_HEADER]: '1.3.0' } });
    expect(pulled.status).toBe(200);
    await pulled.arrayBuffer();
    expect((await list()).rollout.find((row) => row.platform === 'win32')).toMatchObject({ current: 3, older: 1 });
  });

  it('records what the kiosk asked as, with the default format resolved, and moves it when it asks as something else', async () => {
    await publish('r120', [installer('Village Kiosk Setup 1.2.0.exe', 10_000), installer('village-kiosk_1.2.0_arm64.deb', 10_000)], '2026-11-01T08:00:00.000Z');
    const kiosk = await station('换过系统', '1.1.0');
    expect(await storedTarget(kiosk)).toEqual({ update_platform: null, update_arch: null, update_format: null });

    expect(await ask(kiosk, { platform: 'linux', arch: 'arm64', version: '1.1.0' })).toBe(200);
    expect(await storedTarget(kiosk)).toEqual({ update_platform: 'linux', update_arch: 'arm64', update_format: 'deb' });
    expect((await list()).rollout.map((row) => [row.platform, row.older])).toEqual([['win32', 0], ['linux', 1]]);

    // Reinstalled as Windows; the "exact version" route records it too (even when it answers 404).
    expect(await ask(kiosk, { platform: 'win32', arch: 'x64', version: '1.0.0' }, 'release')).toBe(404);
    expect(await storedTarget(kiosk)).toEqual({ update_platform: 'win32', update_arch: 'x64', update_format: 'nsis' });
    expect((await list()).rollout.map((row) => [row.platform, row.older])).toEqual([['win32', 1], ['linux', 0]]);

    // Asking the same again changes nothing.
    expect(await ask(kiosk, { platform: 'win32', arch: 'x64', version: '1.1.0', format: 'nsis' })).toBe(200);
    expect(await storedTarget(kiosk)).toEqual({ update_platform: 'win32', update_arch: 'x64', update_format: 'nsis' });
  });

  it('stores nothing from a query the county refuses, and a refused query does not undo what was recorded', async () => {
    await publish('r120', [installer('Village Kiosk Setup 1.2.0.exe', 10_000)], '2026-11-01T08:00:00.000Z');
    const kiosk = await station('乱问', '1.1.0');
    for (const query of [
      'platform=darwin&arch=x64&version=1.1.0',
      'platform=win32&arch=ia32&version=1.1.0',
      'platform=win32&arch=x64',
      'platform=win32&arch=x64&version=latest',
      'platform=win32&arch=x64&version=1.1.0&extra=1',
      // A format that does not run on the platform.
      'platform=win32&arch=x64&version=1.1.0&format=deb',
    ]) {
      expect(await askRaw(kiosk, query), query).toBe(400);
      expect(await storedTarget(kiosk), query).toEqual({ update_platform: null, update_arch: null, update_format: null });
    }
    expect(await list()).toMatchObject({ activeDevices: 1, platformNotReported: 1, rollout: [{ platform: 'win32', current: 0, older: 0, newer: 0, unknown: 0 }] });

    expect(await ask(kiosk, { platform: 'win32', arch: 'x64', version: '1.1.0' })).toBe(200);
    expect(await askRaw(kiosk, 'platform=linux&arch=arm64&version=1.1.0&format=nsis')).toBe(400);
    expect(await storedTarget(kiosk)).toEqual({ update_platform: 'win32', update_arch: 'x64', update_format: 'nsis' });
    // Without a valid token nothing is asked at all.
    const stranger = await fetch(`${server.baseUrl}${latestUpdatePath({ platform: 'linux', arch: 'arm64', version: '1.1.0' })}`);
    expect(stranger.status).toBe(401);
    expect(await list()).toMatchObject({ platformNotReported: 0, rollout: [{ platform: 'win32', older: 1 }] });
  });

  it('answers the update check even when recording the platform fails', async () => {
    await publish('r120', [installer('Village Kiosk Setup 1.2.0.exe', 10_000)], '2026-11-01T08:00:00.000Z');
    const kiosk = await station('坏库', '1.1.0');
    // A column the recording writes is gone (say, a hand-edited database): the write fails, the answer does not.
    await sql`alter table devices rename column update_arch to update_arch_gone`.execute(server.handle.db);
    expect(await ask(kiosk, { platform: 'win32', arch: 'x64', version: '1.1.0' })).toBe(200);
    expect(await ask(kiosk, { platform: 'win32', arch: 'x64', version: '1.2.0' })).toBe(204);
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
