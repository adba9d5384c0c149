import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { pullResponseSchema, type EnrollResponse } from '../../shared/sync/protocol';
import { publishChanges } from '../src/repositories/changes';
import { revokeDevice } from '../src/repositories/devices';
import { addVillage } from '../src/repositories/villages';
import { encodeCursor } from '../src/services/pull';
import { startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { anyJson, expectRefusal, FUZZ_RUNS, fullFingerprint } from './fuzzSupport';
import { enrollKiosk, KioskOutbox } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const cursorNumber = fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(0, 1, 2, 2 ** 53, 2 ** 53 - 1, -0, 1.5, 1e308, Number.MAX_SAFE_INTEGER), fc.string({ maxLength: 5 }), fc.constant(null));

describe.each(TEST_DATABASE_KINDS)('fuzz: pull queries and credentials (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let east: EnrollResponse;
  let west: EnrollResponse;
  let revoked: EnrollResponse;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000, enrollRateLimitPerMinute: 1_000_000 });
    const db = server.handle.db;
    await addVillage(db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    east = await enrollKiosk(server, VILLAGE, 'east');
    west = await enrollKiosk(server, OTHER_VILLAGE, 'west');
    revoked = await enrollKiosk(server, VILLAGE, 'revoked');
    await revokeDevice(db, revoked.deviceId);
    await publishChanges(db, [
      ...Array.from({ length: 40 }, (_, i) => ({ villageCode: VILLAGE, stream: 'disbursement' as const, op: 'put' as const, key: `east-${i}`, value: { i } })),
      ...Array.from({ length: 40 }, (_, i) => ({ villageCode: OTHER_VILLAGE, stream: 'disbursement' as const, op: 'put' as const, key: `west-${i}`, value: { i } })),
      { villageCode: null, stream: 'holiday', op: 'put', key: 'county-1', value: { name: '元旦' } },
    ]);
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it(`GET /sync/pull: ${FUZZ_RUNS} queries, each a page of the device's own village or a 400`, { timeout: 600_000 }, async () => {
    const sinceArb = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      anyJson.map((value) => base64url(JSON.stringify(value) ?? '')),
      fc.record({ e: cursorNumber, id: cursorNumber, s: fc.option(cursorNumber, { nil: undefined }) }, { requiredKeys: [] }).map((c) => base64url(JSON.stringify(c))),
      fc.record({ e: fc.integer({ min: 1, max: 3 }), id: fc.integer({ min: 0, max: 100 }), s: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }) }).map((c) => encodeCursor(c)),
      fc.constant(''),
    );
    const limitArb = fc.option(fc.oneof(fc.integer({ min: -10, max: 6_000 }).map(String), fc.string({ maxLength: 8 }), fc.constantFrom('1e3', '0x10', ' 5', '5.0', 'NaN', 'Infinity')), { nil: undefined });
    const extraArb = fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 })), { nil: undefined });
    const before = await fullFingerprint(server.handle.db);
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(sinceArb, limitArb, extraArb, fc.boolean(), async (since, limit, extra, repeatSince) => {
        const params = new URLSearchParams({ since });
        if (repeatSince) params.append('since', since);
        if (limit !== undefined) params.set('limit', limit);
        if (extra !== undefined && extra[0] !== 'since' && extra[0] !== 'limit') params.set(extra[0], extra[1]);
        const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?${params.toString()}`, { headers: { authorization: `Bearer ${east.token}` } });
        statuses.add(response.status);
        if (response.status === 200) {
          const page = pullResponseSchema.strict().parse(await response.json());
          for (const change of page.changes) expect(change.key.startsWith('west-')).toBe(false);
        } else {
          expect(['INVALID_CURSOR', 'INVALID_REQUEST']).toContain(await expectRefusal(response, params.toString()));
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(await fullFingerprint(server.handle.db)).toBe(before);
    expect([...statuses].sort()).toEqual([200, 400]);
  });

  it(`credentials and headers: ${FUZZ_RUNS} requests with bad tokens or transport headers, each a 4xx`, { timeout: 600_000 }, async () => {
    const flip = (token: string, at: number) => token.slice(0, at % token.length) + (token[at % token.length] === 'A' ? 'B' : 'A') + token.slice((at % token.length) + 1);
    const authArb = fc.oneof(
      fc.constant(undefined),
      fc.constant(`Bearer ${revoked.token}`),
      fc.nat().map((at) => `Bearer ${flip(east.token, at)}`),
      fc.constantFrom(`bearer ${east.token}`, `Bearer  ${east.token}`, `Basic ${east.token}`, east.token, 'Bearer ', `Bearer ${east.token}x`, `Bearer ${'A'.repeat(201)}`),
      fc.stringMatching(/^[\x21-\x7e ]{0,80}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{32,64}$/).map((token) => `Bearer ${token}`),
    );
    const goodPush = (as: EnrollResponse) => {
      const outbox = new KioskOutbox(as.deviceId, VILLAGE);
      outbox.feedback();
      return { deviceId: as.deviceId, epoch: 1, entries: outbox.entries };
    };
    type Attempt = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string | Uint8Array; label: string };
    const badTokenArb: fc.Arbitrary<Attempt> = fc.tuple(authArb, fc.constantFrom('/api/v1/sync/pull', '/api/v1/devices/me', '/api/v1/sync/push')).map(([auth, path]) => {
      const headers: Record<string, string> = auth === undefined ? {} : { authorization: auth };
      if (path.endsWith('push')) return { method: 'POST', path, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(goodPush(east)), label: `${auth} ${path}` };
      return { method: 'GET', path, headers, label: `${auth} ${path}` };
    });
    // A valid token, but the wrong device id, a broken encoding or type: refused before anything is applied.
    const badTransportArb: fc.Arbitrary<Attempt> = fc.oneof(
      fc.constant<Attempt>({ method: 'POST', path: '/api/v1/sync/push', headers: { authorization: `Bearer ${west.token}`, 'content-type': 'application/json' }, body: JSON.stringify(goodPush(east)), label: 'west token, east device' }),
      fc.constantFrom('br', 'compress', 'x-unknown', 'gzip, gzip').map<Attempt>((encoding) => ({ method: 'POST', path: '/api/v1/sync/push', headers: { authorization: `Bearer ${east.token}`, 'content-type': 'application/json', 'content-encoding': encoding }, body: gzipSync(JSON.stringify(goodPush(east))), label: encoding })),
      fc.uint8Array({ maxLength: 64 }).map<Attempt>((bytes) => ({ method: 'POST', path: '/api/v1/sync/push', headers: { authorization: `Bearer ${east.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bytes, label: 'not gzip' })),
      fc.constantFrom('GET', 'POST').map<Attempt>((method) => ({ method: method as 'GET', path: method === 'GET' ? '/api/v1/sync/push' : '/api/v1/sync/pull', headers: { authorization: `Bearer ${east.token}` }, label: `${method} wrong route` })),
    );
    const before = await fullFingerprint(server.handle.db);
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: badTokenArb, weight: 4 }, { arbitrary: badTransportArb, weight: 1 }), async (attempt) => {
        const response = await fetch(`${server.baseUrl}${attempt.path}`, { method: attempt.method, headers: attempt.headers, body: attempt.body });
        codes.add(await expectRefusal(response, attempt.label));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(await fullFingerprint(server.handle.db)).toBe(before);
    for (const code of ['MISSING_TOKEN', 'INVALID_TOKEN', 'DEVICE_REVOKED', 'DEVICE_MISMATCH']) expect(codes).toContain(code);
  });
});
