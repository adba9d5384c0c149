import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema, enrollResponseSchema, type EnrollResponse } from '../../shared/sync/protocol';
import { revokeDevice } from '../src/repositories/devices';
import { addVillage } from '../src/repositories/villages';
import { deviceSelfSchema } from '../src/routes/devices';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

const VILLAGE = '130123104201';

describe.each(TEST_DATABASE_KINDS)('device tokens (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let enrolled: EnrollResponse;
  let meUrl: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    meUrl = `${server.baseUrl}/api/v1/devices/me`;
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, 3_600_000);
    const response = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code, deviceName: '东村服务站' });
    enrolled = enrollResponseSchema.parse(await response.json());
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function expectRefused(headers: Record<string, string>, code: string): Promise<void> {
    const response = await fetch(meUrl, { headers });
    expect(response.status).toBe(401);
    expect(apiErrorSchema.strict().parse(await response.json()).error.code).toBe(code);
  }

  it('accepts the enrolled device\'s token and names its village', async () => {
    const response = await fetch(meUrl, { headers: { authorization: `Bearer ${enrolled.token}` } });
    expect(response.status).toBe(200);
    expect(deviceSelfSchema.parse(await response.json())).toEqual({
      deviceId: enrolled.deviceId,
      villageCode: VILLAGE,
      name: '东村服务站',
      epoch: 1,
    });
  });

  it('refuses a missing, malformed or unknown token', async () => {
    await expectRefused({}, 'MISSING_TOKEN');
    await expectRefused({ authorization: enrolled.token }, 'INVALID_TOKEN');
    await expectRefused({ authorization: 'Bearer short' }, 'INVALID_TOKEN');
    await expectRefused({ authorization: `Bearer ${'A'.repeat(43)}` }, 'INVALID_TOKEN');
  });

  it('refuses a revoked device with 401 DEVICE_REVOKED', async () => {
    expect((await revokeDevice(server.handle.db, enrolled.deviceId)).status).toBe('revoked');
    await expectRefused({ authorization: `Bearer ${enrolled.token}` }, 'DEVICE_REVOKED');
    expect((await revokeDevice(server.handle.db, enrolled.deviceId)).status).toBe('already-revoked');
  });

  it('records when a device was last seen', async () => {
    await fetch(meUrl, { headers: { authorization: `Bearer ${enrolled.token}` } });
    const row = await server.handle.db.selectFrom('devices').select('last_seen_at').executeTakeFirstOrThrow();
    expect(row.last_seen_at).not.toBeNull();
  });
});
