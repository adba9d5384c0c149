import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { apiErrorSchema, enrollResponseSchema } from '../../shared/sync/protocol';
import { MIGRATIONS, migrateToLatest } from '../src/db/migrate';
import { listDevices, revokeDevice } from '../src/repositories/devices';
import { findEnrollmentCode } from '../src/repositories/enrollmentCodes';
import { addVillage } from '../src/repositories/villages';
import { sha256Hex } from '../src/secrets';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { chooseStationNo } from '../src/services/stationNumbers';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';
const HOUR = 3_600_000;

describe('chooseStationNo', () => {
  const holder = (authorId: string, stationNo: number, revoked = false) => ({ authorId, stationNo, revoked });

  it('gives the smallest number no other live kiosk holds, and a kiosk its own number again', () => {
    expect(chooseStationNo([], 'a')).toBe(1);
    expect(chooseStationNo([holder('a', 1), holder('b', 3)], 'c')).toBe(2);
    expect(chooseStationNo([holder('a', 1), holder('b', 2)], 'a')).toBe(1);
    // Revoked: the number is free for another kiosk, and still the kiosk's own if nobody took it.
    expect(chooseStationNo([holder('a', 1, true), holder('b', 2)], 'c')).toBe(1);
    expect(chooseStationNo([holder('a', 4, true), holder('b', 2)], 'a')).toBe(4);
    // Its old number went to another kiosk meanwhile: it gets a free one.
    expect(chooseStationNo([holder('a', 1, true), holder('c', 1), holder('b', 2)], 'a')).toBe(3);
    // The latest of its numbers counts.
    expect(chooseStationNo([holder('a', 1, true), holder('a', 5)], 'a')).toBe(5);
  });

  it('answers null when all nine are held by other kiosks, but not to one of them', () => {
    const full = Array.from({ length: 9 }, (_, i) => holder(`k${i}`, i + 1));
    expect(chooseStationNo(full, 'new')).toBeNull();
    expect(chooseStationNo(full, 'k6')).toBe(7);
  });
});

describe.each(TEST_DATABASE_KINDS)('station numbers at enrollment (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { enrollRateLimitPerMinute: 1_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function enroll(authorId: string, villageCode = VILLAGE): Promise<{ response: Response; code: string }> {
    const { code } = await issueEnrollmentCode(server.handle.db, villageCode, HOUR);
    const response = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code, deviceName: `kiosk ${authorId.slice(-4)}`, authorId });
    return { response, code };
  }

  async function stationOf(authorId: string, villageCode = VILLAGE): Promise<number> {
    const { response } = await enroll(authorId, villageCode);
    expect(response.status).toBe(201);
    return enrollResponseSchema.parse(await response.json()).stationNo;
  }

  it('numbers the kiosks of a village 1, 2, …; a kiosk enrolling again keeps its number; another village starts at 1', async () => {
    const [first, second, third] = [uuidv7(), uuidv7(), uuidv7()];
    expect(await stationOf(first!)).toBe(1);
    expect(await stationOf(second!)).toBe(2);
    expect(await stationOf(first!)).toBe(1);
    expect(await stationOf(third!)).toBe(3);
    expect(await stationOf(uuidv7(), OTHER_VILLAGE)).toBe(1);
    const devices = await listDevices(server.handle.db);
    expect(devices.filter((d) => d.villageCode === VILLAGE).map((d) => [d.authorId, d.stationNo])).toEqual([[first, 1], [second, 2], [first, 1], [third, 3]]);
  });

  it('refuses a tenth kiosk with VILLAGE_FULL and changes nothing; revoking a kiosk frees its number', async () => {
    const authors = Array.from({ length: 9 }, () => uuidv7());
    for (const [i, author] of authors.entries()) expect(await stationOf(author)).toBe(i + 1);
    const before = await listDevices(server.handle.db);

    const { response, code } = await enroll(uuidv7());
    expect(response.status).toBe(409);
    const body = apiErrorSchema.strict().parse(await response.json());
    expect(body.error.code).toBe('VILLAGE_FULL');
    expect(body.error.message).toMatch(/nine kiosks.*revoke/);
    expect(await listDevices(server.handle.db)).toEqual(before);
    expect((await findEnrollmentCode(server.handle.db, sha256Hex(code)))?.used_at).toBeNull();

    // A kiosk of the nine may still enrol again: it keeps its own number.
    expect(await stationOf(authors[4]!)).toBe(5);
    // Revoked, station 3 goes to the next new kiosk.
    const third = before.find((d) => d.stationNo === 3)!;
    expect((await revokeDevice(server.handle.db, third.id)).status).toBe('revoked');
    expect(await stationOf(uuidv7())).toBe(3);
  });

  it('gives kiosks enrolling at the same moment distinct numbers', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => enroll(uuidv7())));
    expect(responses.map((r) => r.response.status)).toEqual(Array(6).fill(201));
    const numbers = await Promise.all(responses.map(async (r) => enrollResponseSchema.parse(await r.response.json()).stationNo));
    expect([...numbers].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe.each(TEST_DATABASE_KINDS)('migration 0007 backfills station numbers (%s)', (kind) => {
  let database: TestDatabase;
  afterEach(async () => database.drop());

  it('numbers existing devices per village in enrollment order, a kiosk enrolled again keeping its number', async () => {
    database = await createTestDatabase(kind);
    const handle = database.open();
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => MIGRATIONS } });
    const upTo0006 = await migrator.migrateTo('0006_device_author');
    expect(upTo0006.error).toBeUndefined();
    await addVillage(handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    const device = (id: string, village: string, enrolledAt: string, authorId: string | null, revokedAt: string | null = null) => ({
      id, village_code: village, name: id, token_hash: sha256Hex(id), enrolled_at: enrolledAt, revoked_at: revokedAt, last_seen_at: null, author_id: authorId,
    });
    // Inserted out of order: the backfill goes by enrolled_at. 'old' has no author id (its own id is it).
    const rows = [
      device('d-east-2', VILLAGE, '2026-03-01T00:00:00.000Z', 'author-b'),
      device('d-east-1', VILLAGE, '2026-01-01T00:00:00.000Z', 'author-a', '2026-02-15T00:00:00.000Z'),
      device('d-west-1', OTHER_VILLAGE, '2026-01-05T00:00:00.000Z', 'author-w'),
      device('d-east-old', VILLAGE, '2025-12-01T00:00:00.000Z', null),
      device('d-east-3', VILLAGE, '2026-04-01T00:00:00.000Z', 'author-a'),
      device('d-east-4', VILLAGE, '2026-05-01T00:00:00.000Z', 'author-c'),
    ];
    // Typed against the schema before 0007 (no station_no yet).
    await handle.db.insertInto('devices').values(rows as never).execute();
    await migrateToLatest(handle);

    const stations = new Map((await handle.db.selectFrom('devices').select(['id', 'station_no']).execute()).map((r) => [r.id, r.station_no === null ? null : Number(r.station_no)]));
    // east: old → 1; author-a → 2 (revoked 15 Feb); author-b (1 Mar) → 2, the revoked number free again;
    // author-a again (1 Apr): its 2 is held by author-b now → 3; author-c → 4. west starts at 1.
    expect(Object.fromEntries(stations)).toEqual({ 'd-east-old': 1, 'd-east-1': 2, 'd-east-2': 2, 'd-east-3': 3, 'd-east-4': 4, 'd-west-1': 1 });
  });
});
