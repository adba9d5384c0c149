import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDiagnosticsBundle, type DiagnosticsBundle } from '../../shared/diagnostics/bundle';
import { enrollResponseSchema, type EnrollResponse } from '../../shared/sync/protocol';
import { revokeDevice } from '../src/repositories/devices';
import { addVillage } from '../src/repositories/villages';
import { DIAGNOSTICS_KEPT_PER_DEVICE, DIAGNOSTICS_PATH } from '../src/routes/diagnostics';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

const VILLAGE = '130123104201';

function bundleFor(deviceId: string | null, logLines: string[] = ['[2026-11-27 10:00:00.000] [error] pull failed: ETIMEDOUT']): DiagnosticsBundle {
  return buildDiagnosticsBundle({
    createdAt: '2026-11-27T22:45:01Z',
    versions: { app: '0.1.0', platform: 'win32' },
    device: { enrolled: deviceId !== null, deviceId, villageCode: VILLAGE, stationNo: 1, countyUrl: 'https://county.example.cn' },
    sync: { state: 'error', lastSuccessAt: null, lastAttemptAt: null, lastError: 'ETIMEDOUT', pendingUploads: 4 },
    logLines,
    errors: [],
  });
}

describe.each(TEST_DATABASE_KINDS)('diagnostics from kiosks (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let kiosk: EnrollResponse;
  let other: EnrollResponse;

  async function enroll(name: string): Promise<EnrollResponse> {
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, 3_600_000);
    const response = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code, deviceName: name });
    return enrollResponseSchema.parse(await response.json());
  }
  const send = (body: unknown, token: string | null = kiosk.token): Promise<Response> =>
    postJson(`${server.baseUrl}${DIAGNOSTICS_PATH}`, body, token === null ? {} : { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    kiosk = await enroll('东村服务站');
    other = await enroll('西村服务站');
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it('stores a bundle for the sending device', async () => {
    const response = await send(bundleFor(kiosk.deviceId));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const row = await server.handle.db.selectFrom('device_diagnostics').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ device_id: kiosk.deviceId, app_version: '0.1.0', created_at: '2026-11-27T22:45:01Z' });
    expect(JSON.parse(row.body)).toEqual(bundleFor(kiosk.deviceId));
  });

  it('redacts again what reached it unredacted', async () => {
    const leaky = { ...bundleFor(kiosk.deviceId), logLines: ['户主:王小华 13812345678 341222198705120417'] };
    const response = await send(leaky);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const row = await server.handle.db.selectFrom('device_diagnostics').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.body).not.toMatch(/王小华|13812345678|341222198705120417/);
    expect(row.body).toContain('户主:[name] [phone] [id-number]');
  });

  it('refuses unauthenticated, revoked, malformed and foreign bundles', async () => {
    expect((await send(bundleFor(kiosk.deviceId), null)).status).toBe(401);
    expect((await send({ ...bundleFor(kiosk.deviceId), token: 'x' })).status).toBe(422);
    expect((await send('{"format":"other"}')).status).toBe(422);
    const foreign = await send(bundleFor(other.deviceId));
    expect(foreign.status).toBe(422);
    expect(await foreign.json()).toMatchObject({ error: { code: 'DEVICE_MISMATCH' } });
    const revoked = await enroll('旧机器');
    await revokeDevice(server.handle.db, revoked.deviceId);
    expect((await send(bundleFor(revoked.deviceId), revoked.token)).status).toBe(401);
  });

  it(`keeps only the newest ${DIAGNOSTICS_KEPT_PER_DEVICE} bundles per device`, async () => {
    for (let i = 0; i < DIAGNOSTICS_KEPT_PER_DEVICE + 3; i++) {
      expect((await send(bundleFor(other.deviceId, [`line ${i}`]), other.token)).status).toBe(201);
    }
    const rows = await server.handle.db.selectFrom('device_diagnostics').select('id').where('device_id', '=', other.deviceId).execute();
    expect(rows).toHaveLength(DIAGNOSTICS_KEPT_PER_DEVICE);
    // The first device's bundles are not touched by the other's pruning.
    const mine = await server.handle.db.selectFrom('device_diagnostics').select('id').where('device_id', '=', kiosk.deviceId).execute();
    expect(mine).toHaveLength(2);
  });
});
