import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { apiErrorSchema, enrollResponseSchema, type EnrollResponse } from '../../shared/sync/protocol';
import { listDevices } from '../src/repositories/devices';
import { findEnrollmentCode } from '../src/repositories/enrollmentCodes';
import { addVillage } from '../src/repositories/villages';
import { sha256Hex } from '../src/secrets';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { startServer, postJson, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';
const HOUR = 3_600_000;

describe.each(TEST_DATABASE_KINDS)('device enrollment over HTTP (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let enrollUrl: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    enrollUrl = `${server.baseUrl}/api/v1/devices/enroll`;
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function expectError(response: Response, status: number, code: string): Promise<void> {
    expect(response.status).toBe(status);
    const body = apiErrorSchema.strict().parse(await response.json());
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
  }

  async function expectNothingEnrolled(code?: string): Promise<void> {
    expect(await listDevices(server.handle.db)).toEqual([]);
    if (code !== undefined) expect((await findEnrollmentCode(server.handle.db, sha256Hex(code)))?.used_at).toBeNull();
  }

  it('turns a valid code into a device id and a token stored only as its hash', async () => {
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, HOUR);
    const response = await postJson(enrollUrl, { code, deviceName: '东村服务站' });
    expect(response.status).toBe(201);
    const enrolled = enrollResponseSchema.parse(await response.json());
    expect(enrolled).toMatchObject({ villageCode: VILLAGE, epoch: 1 });
    expect(enrolled.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const devices = await listDevices(server.handle.db);
    expect(devices).toEqual([expect.objectContaining({ id: enrolled.deviceId, villageCode: VILLAGE, name: '东村服务站', revokedAt: null })]);
    const stored = await server.handle.db.selectFrom('devices').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256Hex(enrolled.token));
    expect(stored.token_hash).not.toContain(enrolled.token);
    const codeRow = await findEnrollmentCode(server.handle.db, sha256Hex(code));
    expect(codeRow?.used_by_device_id).toBe(enrolled.deviceId);
  });

  it('refuses a code the second time, with a code of its own', async () => {
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, HOUR);
    expect((await postJson(enrollUrl, { code, deviceName: 'first' })).status).toBe(201);
    await expectError(await postJson(enrollUrl, { code, deviceName: 'second' }), 409, 'ENROLLMENT_CODE_USED');
    expect(await listDevices(server.handle.db)).toHaveLength(1);
  });

  it('lets only one of several kiosks racing with the same code enroll', async () => {
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, HOUR);
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => postJson(enrollUrl, { code, deviceName: `kiosk ${i}` })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await listDevices(server.handle.db)).toHaveLength(1);
  });

  it('refuses an expired code', async () => {
    const issuedAt = new Date(Date.now() - 2 * HOUR);
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, HOUR, issuedAt);
    await expectError(await postJson(enrollUrl, { code, deviceName: 'late' }), 410, 'ENROLLMENT_CODE_EXPIRED');
    await expectNothingEnrolled(code);
  });

  it('refuses a code that was never issued', async () => {
    await expectError(await postJson(enrollUrl, { code: 'ABCDEFGH2345', deviceName: 'guess' }), 404, 'ENROLLMENT_CODE_UNKNOWN');
    await expectNothingEnrolled();
  });

  it.each([
    ['unknown fields', { deviceName: 'x', isAdmin: true }],
    ['a missing device name', {}],
    ['wrong types', { deviceName: 42 }],
    ['a huge device name', { deviceName: '名'.repeat(1_000) }],
    ['a malformed code', { deviceName: 'x', code: 'abc' }],
    ['an author id that is not a UUID', { deviceName: 'x', authorId: 'kiosk-1' }],
  ])('refuses %s with 400 INVALID_REQUEST and changes nothing', async (_label, patch) => {
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, HOUR);
    const body = { code, ...patch };
    await expectError(await postJson(enrollUrl, body), 400, 'INVALID_REQUEST');
    await expectNothingEnrolled(code);
  });

  it.each([
    ['malformed JSON', '{"code": "ABCDEFGH2345",', 'application/json', 400, 'MALFORMED_REQUEST'],
    ['a JSON array', '[1,2,3]', 'application/json', 400, 'INVALID_REQUEST'],
    ['plain text', 'ABCDEFGH2345', 'text/plain', 400, 'INVALID_REQUEST'],
    ['an unsupported media type', '<code/>', 'application/xml', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an oversized body', JSON.stringify({ code: 'ABCDEFGH2345', deviceName: 'x'.repeat(100_000) }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with a clear code', async (_label, body, contentType, status, code) => {
    const response = await fetch(enrollUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
    await expectError(response, status, code);
    await expectNothingEnrolled();
  });

  it('scopes the device to the code\'s village', async () => {
    await addVillage(server.handle.db, { code: '130123104202', name: '西村', townshipCode: '130123104' });
    const { code } = await issueEnrollmentCode(server.handle.db, '130123104202', HOUR);
    const enrolled = enrollResponseSchema.parse(await (await postJson(enrollUrl, { code, deviceName: '西村' })).json());
    expect(enrolled.villageCode).toBe('130123104202');
  });

  describe('the kiosk\'s author id', () => {
    async function enroll(villageCode: string, body: Record<string, unknown>): Promise<Response> {
      const { code } = await issueEnrollmentCode(server.handle.db, villageCode, HOUR);
      return postJson(enrollUrl, { code, deviceName: 'kiosk', ...body });
    }

    async function enrolled(response: Response): Promise<EnrollResponse> {
      expect(response.status).toBe(201);
      return enrollResponseSchema.parse(await response.json());
    }

    it('binds the device to the author id the kiosk sends', async () => {
      const authorId = uuidv7();
      const device = await enrolled(await enroll(VILLAGE, { authorId }));
      expect(device.deviceId).not.toBe(authorId);
      expect(await listDevices(server.handle.db)).toEqual([expect.objectContaining({ id: device.deviceId, authorId })]);
    });

    it('takes the new device id as the author id of an old client that sends none', async () => {
      const device = await enrolled(await enroll(VILLAGE, {}));
      expect(await listDevices(server.handle.db)).toEqual([expect.objectContaining({ id: device.deviceId, authorId: device.deviceId })]);
    });

    it('lets the same kiosk enroll again in its village, as a new device with the same author id', async () => {
      const authorId = uuidv7();
      const first = await enrolled(await enroll(VILLAGE, { authorId }));
      const second = await enrolled(await enroll(VILLAGE, { authorId }));
      expect(second.deviceId).not.toBe(first.deviceId);
      const devices = await listDevices(server.handle.db);
      expect(devices.map((d) => [d.id, d.authorId]).sort()).toEqual([[first.deviceId, authorId], [second.deviceId, authorId]].sort());
    });

    it('refuses an author id bound to another village with 409 AUTHOR_ID_TAKEN, and spends no code', async () => {
      await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
      const authorId = uuidv7();
      const east = await enrolled(await enroll(VILLAGE, { authorId }));
      // Revoking does not free it: the events it authored stay stored under the first village.
      await server.handle.db.updateTable('devices').set({ revoked_at: new Date().toISOString() }).execute();
      const { code } = await issueEnrollmentCode(server.handle.db, OTHER_VILLAGE, HOUR);
      const response = await postJson(enrollUrl, { code, deviceName: 'moved', authorId });
      await expectError(response, 409, 'AUTHOR_ID_TAKEN');
      expect((await listDevices(server.handle.db)).map((d) => d.id)).toEqual([east.deviceId]);
      expect((await findEnrollmentCode(server.handle.db, sha256Hex(code)))?.used_at).toBeNull();
    });

    it('refuses as author id the id of another village\'s device enrolled before author ids were recorded', async () => {
      await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
      const old = await enrolled(await enroll(OTHER_VILLAGE, {}));
      await server.handle.db.updateTable('devices').set({ author_id: null }).where('id', '=', old.deviceId).execute();
      await expectError(await enroll(VILLAGE, { authorId: old.deviceId }), 409, 'AUTHOR_ID_TAKEN');
      expect(await listDevices(server.handle.db)).toHaveLength(1);
    });
  });
});
