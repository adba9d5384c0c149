import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDiagnosticsBundle } from '../../../shared/diagnostics/bundle';
import { diagnosticsListResponseSchema } from '../../../shared/diagnostics/dashboard';
import { addVillage } from '../../src/repositories/villages';
import { DIAGNOSTICS_PATH } from '../../src/routes/diagnostics';
import { postJson, startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { apiGet, enrollThroughDashboard, signInStaff, type Staff } from './adminFixtures';

const VILLAGE = '341222100201';

describe.each(TEST_DATABASE_KINDS)('diagnostics on the dashboard (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let staff: Staff;
  let now: Date;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    now = new Date('2026-11-27T08:00:00.000Z');
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 }, { clock: () => now });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '341222100' });
    staff = await signInStaff(server);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  const bundle = (deviceId: string, createdAt: string) =>
    buildDiagnosticsBundle({
      createdAt,
      versions: { app: '1.4.2', platform: 'linux' },
      device: { enrolled: true, deviceId, villageCode: VILLAGE, stationNo: 1, countyUrl: null },
      sync: { state: 'error', lastSuccessAt: null, lastAttemptAt: null, lastError: 'ETIMEDOUT', pendingUploads: 1 },
      logLines: ['[2026-11-27 10:00:00.000] [error] pull failed'],
      errors: [],
    });

  it('lists each device’s bundles newest first by arrival, and lets an administrator download one', async () => {
    const kiosk = await enrollThroughDashboard(server, staff.admin, VILLAGE, '东村一号机');
    const other = await enrollThroughDashboard(server, staff.admin, VILLAGE, '东村二号机');
    const send = async (token: string, body: unknown): Promise<string> => {
      const response = await postJson(`${server.baseUrl}${DIAGNOSTICS_PATH}`, body, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    // The kiosk clock runs backwards here: the list must still follow arrival.
    const first = await send(kiosk.token, bundle(kiosk.deviceId, '2026-11-27T12:00:00Z'));
    now = new Date('2026-11-27T08:01:00.000Z');
    const second = await send(kiosk.token, bundle(kiosk.deviceId, '2026-11-20T12:00:00Z'));
    await send(other.token, bundle(other.deviceId, '2026-11-27T12:00:00Z'));

    const listed = await apiGet(server, staff.viewer, `/devices/${kiosk.deviceId}/diagnostics`);
    expect(listed.status).toBe(200);
    const { diagnostics } = diagnosticsListResponseSchema.parse(await listed.json());
    expect(diagnostics.map((d) => [d.id, d.receivedAt, d.createdAt, d.appVersion])).toEqual([
      [second, '2026-11-27T08:01:00.000Z', '2026-11-20T12:00:00Z', '1.4.2'],
      [first, '2026-11-27T08:00:00.000Z', '2026-11-27T12:00:00Z', '1.4.2'],
    ]);
    expect(diagnostics.every((d) => d.deviceId === kiosk.deviceId && d.size > 100)).toBe(true);

    const download = await apiGet(server, staff.admin, `/diagnostics/${first}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="diagnostics-${kiosk.deviceId}-20261127T080000Z.json"`);
    expect(await download.json()).toEqual(bundle(kiosk.deviceId, '2026-11-27T12:00:00Z'));
  });

  it('keeps the bundle itself from viewers and answers 404 for an unknown one', async () => {
    const kiosk = await enrollThroughDashboard(server, staff.admin, VILLAGE);
    const response = await postJson(`${server.baseUrl}${DIAGNOSTICS_PATH}`, bundle(kiosk.deviceId, '2026-11-27T12:00:00Z'), { authorization: `Bearer ${kiosk.token}` });
    const { id } = (await response.json()) as { id: string };
    expect((await apiGet(server, staff.viewer, `/diagnostics/${id}`)).status).toBe(403);
    expect((await apiGet(server, staff.admin, '/diagnostics/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    const empty = await apiGet(server, staff.viewer, '/devices/no-such-device/diagnostics');
    expect(diagnosticsListResponseSchema.parse(await empty.json())).toEqual({ diagnostics: [] });
  });
});
