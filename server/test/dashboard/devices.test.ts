import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceListResponseSchema, deviceRevokeResponseSchema, enrollmentCodeResponseSchema, KIOSK_VERSION_HEADER, type DeviceSummary } from '../../../shared/dashboard/devices';
import { dashboardErrorSchema } from '../../../shared/dashboard/staff';
import { apiErrorSchema, pushResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';
import { addVillage } from '../../src/repositories/villages';
import { postJson, startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { KioskOutbox } from '../pushFixtures';
import { apiGet, apiWrite, enrollThroughDashboard, signInStaff, type Staff } from './adminFixtures';

const VILLAGE = '341222100201';
const OTHER_VILLAGE = '341222100202';

describe.each(TEST_DATABASE_KINDS)('devices page (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let staff: Staff;
  let now: Date;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    now = new Date('2026-11-27T08:00:00.000Z');
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 }, { clock: () => now });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '341222100' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '341222100' });
    staff = await signInStaff(server);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function devices(): Promise<DeviceSummary[]> {
    const response = await apiGet(server, staff.viewer, '/devices');
    expect(response.status).toBe(200);
    return deviceListResponseSchema.parse(await response.json()).devices;
  }

  async function pull(kiosk: EnrollResponse, version?: string): Promise<Response> {
    return fetch(`${server.baseUrl}/api/v1/sync/pull?since=`, {
      headers: { authorization: `Bearer ${kiosk.token}`, ...(version === undefined ? {} : { [KIOSK_VERSION_HEADER]: version }) },
    });
  }

  async function deviceOf(id: string): Promise<DeviceSummary | undefined> {
    return (await devices()).find((d) => d.id === id);
  }

  it('lists devices with village, station, last seen, the version the kiosk sent and an intact audit chain', async () => {
    const kiosk = await enrollThroughDashboard(server, staff.admin, VILLAGE, '东村一号机');
    expect(await deviceOf(kiosk.deviceId)).toEqual({
      id: kiosk.deviceId, name: '东村一号机', villageCode: VILLAGE, villageName: '东村', stationNo: 1, enrolledAt: now.toISOString(),
      lastSeenAt: null, appVersion: null, updateTarget: null, revokedAt: null, auditChain: { state: 'intact' },
    });

    now = new Date('2026-11-27T08:00:10.000Z');
    expect((await pull(kiosk, '1.4.2')).status).toBe(200);
    expect(await deviceOf(kiosk.deviceId)).toMatchObject({ appVersion: '1.4.2', lastSeenAt: now.toISOString() });

    // Within the minute last-seen is not rewritten; a new version is recorded at once (with last-seen).
    now = new Date('2026-11-27T08:00:20.000Z');
    expect((await pull(kiosk, '1.4.2')).status).toBe(200);
    expect(await deviceOf(kiosk.deviceId)).toMatchObject({ appVersion: '1.4.2', lastSeenAt: '2026-11-27T08:00:10.000Z' });
    now = new Date('2026-11-27T08:00:30.000Z');
    expect((await pull(kiosk, '1.5.0-beta.1')).status).toBe(200);
    expect(await deviceOf(kiosk.deviceId)).toMatchObject({ appVersion: '1.5.0-beta.1', lastSeenAt: now.toISOString() });

    // Junk in the header is ignored, never stored; the request itself still works.
    now = new Date('2026-11-27T08:05:00.000Z');
    for (const junk of ['<script>alert(1)</script>', `1.0.0-${'x'.repeat(40)}`, 'latest', '']) {
      expect((await pull(kiosk, junk)).status).toBe(200);
    }
    expect(await deviceOf(kiosk.deviceId)).toMatchObject({ appVersion: '1.5.0-beta.1', lastSeenAt: now.toISOString() });

    // Asking for updates tells the county what the kiosk is (platform, processor, package format).
    const asked = await fetch(`${server.baseUrl}/api/v1/updates/latest?platform=linux&arch=arm64&version=1.5.0-beta.1`, {
      headers: { authorization: `Bearer ${kiosk.token}` },
    });
    expect(asked.status).toBe(204);
    expect((await deviceOf(kiosk.deviceId))?.updateTarget).toEqual({ platform: 'linux', arch: 'arm64', format: 'deb' });

    const other = await enrollThroughDashboard(server, staff.admin, OTHER_VILLAGE, '西村');
    expect((await devices()).map((d) => d.id)).toEqual([kiosk.deviceId, other.deviceId]);
  });

  it('shows where a kiosk audit chain broke', async () => {
    const kiosk = await enrollThroughDashboard(server, staff.admin, VILLAGE);
    const outbox = new KioskOutbox(kiosk.deviceId, VILLAGE, kiosk.stationNo);
    outbox.audit('login');
    outbox.dropAudit();
    outbox.audit('logout');
    const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: kiosk.deviceId, epoch: kiosk.epoch, entries: outbox.entries }, { authorization: `Bearer ${kiosk.token}` });
    expect(pushResponseSchema.parse(await response.json()).rejected.map((r) => r.code)).toEqual(['AUDIT_CHAIN_BROKEN']);
    expect((await deviceOf(kiosk.deviceId))?.auditChain).toEqual({ state: 'broken', atSeq: 3 });
  });

  it('issues enrollment codes to admins only, for a known village and a ttl of 1–168 hours', async () => {
    const issued = await apiWrite(server, staff.admin, 'POST', '/devices/enrollment-codes', { villageCode: OTHER_VILLAGE, ttlHours: 48 });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const code = enrollmentCodeResponseSchema.parse(await issued.json());
    expect(code).toMatchObject({ villageCode: OTHER_VILLAGE, expiresAt: '2026-11-29T08:00:00.000Z' });
    const stored = await server.handle.db.selectFrom('enrollment_codes').select(['code_hash', 'village_code']).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.code_hash).not.toContain(code.code);

    for (const body of [{ villageCode: VILLAGE, ttlHours: 0 }, { villageCode: VILLAGE, ttlHours: 169 }, { villageCode: VILLAGE, ttlHours: 1.5 }, { villageCode: VILLAGE }, { villageCode: 'x', ttlHours: 1 }]) {
      const refused = await apiWrite(server, staff.admin, 'POST', '/devices/enrollment-codes', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await apiWrite(server, staff.admin, 'POST', '/devices/enrollment-codes', { villageCode: '999999999999', ttlHours: 1 });
    expect(unknown.status).toBe(400);
    expect(dashboardErrorSchema.parse(await unknown.json()).error.code).toBe('UNKNOWN_VILLAGE');
    for (const who of [staff.viewer, staff.clerk]) {
      expect((await apiWrite(server, who, 'POST', '/devices/enrollment-codes', { villageCode: VILLAGE, ttlHours: 1 })).status).toBe(403);
    }
    expect(await server.handle.db.selectFrom('enrollment_codes').select('code_hash').execute()).toHaveLength(1);
  });

  it('revokes a device: its token is refused on the next pull, and a second revoke says so', async () => {
    const kiosk = await enrollThroughDashboard(server, staff.admin, VILLAGE);
    expect((await pull(kiosk)).status).toBe(200);
    expect((await apiWrite(server, staff.clerk, 'POST', `/devices/${kiosk.deviceId}/revoke`)).status).toBe(403);
    expect((await pull(kiosk)).status).toBe(200);

    now = new Date('2026-11-27T08:10:00.000Z');
    const revoked = await apiWrite(server, staff.admin, 'POST', `/devices/${kiosk.deviceId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(deviceRevokeResponseSchema.parse(await revoked.json())).toMatchObject({ alreadyRevoked: false, device: { id: kiosk.deviceId, revokedAt: now.toISOString() } });

    const refused = await pull(kiosk, '1.4.2');
    expect(refused.status).toBe(401);
    expect(apiErrorSchema.parse(await refused.json()).error.code).toBe('DEVICE_REVOKED');
    expect((await deviceOf(kiosk.deviceId))?.appVersion).toBeNull();

    const again = await apiWrite(server, staff.admin, 'POST', `/devices/${kiosk.deviceId}/revoke`);
    expect(deviceRevokeResponseSchema.parse(await again.json())).toMatchObject({ alreadyRevoked: true, device: { revokedAt: now.toISOString() } });
    expect((await apiWrite(server, staff.admin, 'POST', '/devices/no-such-device/revoke')).status).toBe(404);
  });
});
