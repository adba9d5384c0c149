import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse, PushEntry } from '../../shared/sync/protocol';
import { pushResponseSchema } from '../../shared/sync/protocol';
import { strictPushRequestSchema } from '../src/routes/sync';
import { revokeDevice } from '../src/repositories/devices';
import { addVillage } from '../src/repositories/villages';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { anyJson, expectRefusal, FUZZ_RUNS, fullFingerprint, hostileString, recordsFingerprint, withOneFieldBroken, withUnknownField } from './fuzzSupport';
import { BAD_CHECK_DIGIT_ID, enrollKiosk, KioskOutbox } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';
/** Strictly larger than any body limit of the API (push: maxPushBytes + 64 KiB). */
const OVERSIZE = 2_200_000;

/** A request body as sent: JSON text, or raw text that is not JSON, with its content type. */
interface RawBody {
  text: string;
  contentType: string;
}
const asJson = (value: unknown): RawBody => ({ text: JSON.stringify(value) ?? 'null', contentType: 'application/json' });

const rawOddities: fc.Arbitrary<RawBody> = fc.oneof(
  fc.string({ maxLength: 80 }).map((text) => ({ text: `{${text}`, contentType: 'application/json' })),
  fc.constantFrom('', 'null', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}').map((text) => ({ text, contentType: 'application/json' })),
  fc.tuple(fc.string({ maxLength: 80 }), fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded')).map(([text, contentType]) => ({ text, contentType })),
  fc.constant({ text: `{"code":"${'A'.repeat(OVERSIZE)}"}`, contentType: 'application/json' }),
);

describe.each(TEST_DATABASE_KINDS)('fuzz: enrollment and push refuse hostile input and change nothing (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let east: EnrollResponse;
  let west: EnrollResponse;
  let usedCode = '';
  let expiredCode = '';
  /** The east kiosk's next outbox seq: a run of the per-entry property advances it. */
  let nextSeq = 1;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000, enrollRateLimitPerMinute: 1_000_000 });
    const db = server.handle.db;
    await addVillage(db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    east = await enrollKiosk(server, VILLAGE, 'east');
    west = await enrollKiosk(server, OTHER_VILLAGE, 'west');
    const revoked = await enrollKiosk(server, VILLAGE, 'revoked');
    await revokeDevice(db, revoked.deviceId);
    // Every code in the database is used or expired: no generated body can enroll a device.
    const used = await issueEnrollmentCode(db, VILLAGE, 3_600_000);
    usedCode = used.code;
    const usedResponse = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code: usedCode, deviceName: 'first' });
    expect(usedResponse.status).toBe(201);
    expiredCode = (await issueEnrollmentCode(db, VILLAGE, 60_000, new Date(Date.now() - 3_600_000))).code;
    // Some records, so "unchanged" is not "empty".
    const outbox = new KioskOutbox(east.deviceId, VILLAGE);
    outbox.transition(outbox.createCase().caseId);
    outbox.feedback();
    outbox.audit();
    const seeded = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: east.deviceId, epoch: 1, entries: outbox.entries }, { authorization: `Bearer ${east.token}` });
    expect(seeded.status).toBe(200);
    nextSeq = outbox.entries.length + 1;
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  function post(path: string, body: RawBody, token?: string): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': body.contentType };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body: body.text });
  }

  it(`POST /devices/enroll: ${FUZZ_RUNS} hostile bodies, each a 4xx`, { timeout: 600_000 }, async () => {
    const codeArb = fc.oneof(fc.constant(usedCode), fc.constant(expiredCode), fc.stringMatching(/^[A-Z0-9]{8,16}$/), hostileString, anyJson);
    const nameArb = fc.oneof(fc.constant('kiosk'), hostileString, anyJson);
    const bodyArb: fc.Arbitrary<RawBody> = fc.oneof(
      fc.record({ code: codeArb, deviceName: nameArb }).map(asJson),
      withOneFieldBroken({ code: usedCode, deviceName: 'kiosk' }).map(asJson),
      withUnknownField({ code: expiredCode, deviceName: 'kiosk' }).map(asJson),
      anyJson.map(asJson),
      rawOddities,
    );
    const before = await fullFingerprint(server.handle.db);
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        codes.add(await expectRefusal(await post('/api/v1/devices/enroll', body), body.text.slice(0, 200)));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(await fullFingerprint(server.handle.db)).toBe(before);
    // The generators reach every refusal the route has, not just the schema's.
    for (const code of ['INVALID_REQUEST', 'ENROLLMENT_CODE_UNKNOWN', 'ENROLLMENT_CODE_USED', 'ENROLLMENT_CODE_EXPIRED', 'MALFORMED_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE']) {
      expect(codes).toContain(code);
    }
  });

  it(`POST /sync/push: ${FUZZ_RUNS} malformed envelopes, each a 4xx`, { timeout: 600_000 }, async () => {
    const entry: PushEntry = { seq: nextSeq, kind: 'feedback', id: 'placeholder', body: {} };
    const base = { deviceId: east.deviceId, epoch: 1, entries: [entry] };
    const envelopeArb: fc.Arbitrary<unknown> = fc.oneof(
      withOneFieldBroken(base),
      withUnknownField(base),
      withOneFieldBroken(entry as unknown as Record<string, unknown>).map((e) => ({ ...base, entries: [e] })),
      withUnknownField(entry as unknown as Record<string, unknown>).map((e) => ({ ...base, entries: [e] })),
      fc.constant({ ...base, entries: [] }),
      fc.constant({ ...base, entries: Array.from({ length: 501 }, (_, i) => ({ ...entry, seq: nextSeq + i })) }),
      fc.constant({ ...base, entries: [{ ...entry, seq: nextSeq + 1 }, { ...entry, seq: nextSeq }] }),
      fc.constant({ ...base, deviceId: west.deviceId }),
      fc.integer({ min: 2, max: 1_000_000 }).map((epoch) => ({ ...base, epoch })),
      anyJson,
    );
    const bodyArb = fc.oneof({ arbitrary: envelopeArb.map(asJson), weight: 20 }, { arbitrary: rawOddities, weight: 1 });
    const before = await fullFingerprint(server.handle.db);
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        // A mutation that happens to leave a valid envelope for this device is not hostile; skip it.
        const parsed = body.contentType === 'application/json' ? strictPushRequestSchema.safeParse(safeJson(body.text)) : { success: false as const };
        fc.pre(!(parsed.success && parsed.data.deviceId === east.deviceId && parsed.data.epoch === 1));
        await expectRefusal(await post('/api/v1/sync/push', body, east.token), body.text.slice(0, 200));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(await fullFingerprint(server.handle.db)).toBe(before);
  });

  it(`POST /sync/push: ${FUZZ_RUNS} batches of invalid entries, each rejected per entry and none stored`, { timeout: 600_000 }, async () => {
    // A fresh outbox per record: its receipt numbers never run past the daily 999.
    const box = () => new KioskOutbox(east.deviceId, VILLAGE);
    const broken = (value: object) => withOneFieldBroken(value as Record<string, unknown>, fc.constant(12_345.5));
    const entryArb: fc.Arbitrary<Omit<PushEntry, 'seq'>> = fc.oneof(
      fc.record({ kind: fc.constantFrom('caseEvent', 'feedback', 'audit'), id: fc.string({ minLength: 1, maxLength: 80 }), body: anyJson }) as fc.Arbitrary<Omit<PushEntry, 'seq'>>,
      fc.constant(null).chain(() => { const e = box().createCase(); return broken(e).map((body) => ({ kind: 'caseEvent' as const, id: e.id, body })); }),
      fc.constant(null).chain(() => { const f = box().feedback(); return broken(f).map((body) => ({ kind: 'feedback' as const, id: f.id, body })); }),
      fc.constant(null).map(() => { const e = box().createCase({ receiptVillage: OTHER_VILLAGE }); return { kind: 'caseEvent' as const, id: e.id, body: e }; }),
      fc.constant(null).map(() => { const e = box().createCase({ idNumber: BAD_CHECK_DIGIT_ID }); return { kind: 'caseEvent' as const, id: e.id, body: e }; }),
      fc.constant(null).map(() => { const e = new KioskOutbox(west.deviceId, VILLAGE).createCase(); return { kind: 'caseEvent' as const, id: e.id, body: e }; }),
      fc.constant(null).map(() => { const e = box().transition('01936f3e-0000-7000-8000-000000000000'); return { kind: 'caseEvent' as const, id: e.id, body: e }; }),
      hostileString.map((text) => { const f = box().feedback({ ticketVillage: text.length > 500 ? VILLAGE : OTHER_VILLAGE }); return { kind: 'feedback' as const, id: f.id, body: { ...f, text: text.length > 500 ? text : f.text } }; }),
    );
    const before = await recordsFingerprint(server.handle.db);
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { minLength: 1, maxLength: 4 }), async (entries) => {
        const first = nextSeq;
        const batch = entries.map((e, i) => ({ ...e, seq: first + i }));
        const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: east.deviceId, epoch: 1, entries: batch }, { authorization: `Bearer ${east.token}` });
        if (response.status !== 200) throw new Error(`expected 200, got ${response.status} ${await response.text()}`);
        const answer = pushResponseSchema.parse(await response.json());
        nextSeq = first + batch.length;
        expect(answer.ackedThrough).toBe(nextSeq - 1);
        expect(answer.rejected.map((r) => r.seq)).toEqual(batch.map((e) => e.seq));
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(await recordsFingerprint(server.handle.db)).toBe(before);
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
