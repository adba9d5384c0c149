import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema, pushResponseSchema, SYNC_LIMITS, type EnrollResponse, type PushEntry, type PushResponse } from '../../shared/sync/protocol';
import { revokeDevice } from '../src/repositories/devices';
import { findPushState } from '../src/repositories/pushState';
import { addVillage } from '../src/repositories/villages';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { BAD_CHECK_DIGIT_ID, enrollKiosk, KioskOutbox } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';

describe.each(TEST_DATABASE_KINDS)('sync push over HTTP (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let kiosk: EnrollResponse;
  let outbox: KioskOutbox;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    kiosk = await enrollKiosk(server, VILLAGE, '东村服务站');
    outbox = new KioskOutbox(kiosk.deviceId, VILLAGE);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  function send(body: unknown, token = kiosk.token, headers: Record<string, string> = {}): Promise<Response> {
    return postJson(`${server.baseUrl}/api/v1/sync/push`, body, { authorization: `Bearer ${token}`, ...headers });
  }

  async function push(entries: PushEntry[], as: EnrollResponse = kiosk): Promise<PushResponse> {
    const response = await send({ deviceId: as.deviceId, epoch: 1, entries }, as.token);
    expect(response.status).toBe(200);
    return pushResponseSchema.strict().parse(await response.json());
  }

  async function expectError(response: Response, status: number, code: string): Promise<unknown> {
    expect(response.status).toBe(status);
    const body: unknown = await response.json();
    expect(apiErrorSchema.parse(body).error.code).toBe(code);
    return body;
  }

  async function counts(): Promise<{ caseEvents: number; feedback: number; audit: number; rejections: number }> {
    const db = server.handle.db;
    const count = async (table: 'case_events' | 'feedback' | 'audit_entries' | 'push_rejections') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { caseEvents: await count('case_events'), feedback: await count('feedback'), audit: await count('audit_entries'), rejections: await count('push_rejections') };
  }

  function fillOutbox(): void {
    const created = outbox.createCase();
    outbox.transition(created.caseId, 'accepted');
    outbox.feedback();
    outbox.audit('login');
    outbox.audit('caseCreated');
  }

  it('applies a batch in one go and acknowledges all of it', async () => {
    fillOutbox();
    const answer = await push(outbox.entries);
    expect(answer).toEqual({ ackedThrough: 5, rejected: [], epoch: 1 });
    expect(await counts()).toEqual({ caseEvents: 2, feedback: 1, audit: 2, rejections: 0 });
    const stored = await server.handle.db.selectFrom('case_events').selectAll().orderBy('author_seq').execute();
    expect(stored.map((r) => [r.village_code, r.device_id, Number(r.author_seq)])).toEqual([[VILLAGE, kiosk.deviceId, 1], [VILLAGE, kiosk.deviceId, 2]]);
    expect(JSON.parse(stored[0]?.body ?? '')).toEqual(outbox.entries[0]?.body);
    expect((await findPushState(server.handle.db, kiosk.deviceId))?.lastSeq).toBe(5);
  });

  it('answers a resent batch the same way and stores nothing twice', async () => {
    fillOutbox();
    const first = await push(outbox.entries);
    const again = await push(outbox.entries);
    expect(again).toEqual(first);
    expect(await counts()).toEqual({ caseEvents: 2, feedback: 1, audit: 2, rejections: 0 });
  });

  it('applies each entry once when the same batch arrives several times at once', async () => {
    fillOutbox();
    const answers = await Promise.all(Array.from({ length: 5 }, () => push(outbox.entries)));
    expect(answers.every((a) => a.ackedThrough === 5 && a.rejected.length === 0)).toBe(true);
    expect(await counts()).toEqual({ caseEvents: 2, feedback: 1, audit: 2, rejections: 0 });
  });

  it('acknowledges only up to a gap, and continues once it is filled', async () => {
    fillOutbox();
    const [e1, e2, e3, e4, e5] = outbox.entries as [PushEntry, PushEntry, PushEntry, PushEntry, PushEntry];
    expect((await push([e1, e2, e4, e5])).ackedThrough).toBe(2);
    expect(await counts()).toMatchObject({ caseEvents: 2, feedback: 0, audit: 0 });
    expect((await push([e4, e5])).ackedThrough).toBe(2);
    expect((await push([e3, e4, e5])).ackedThrough).toBe(5);
    expect(await counts()).toEqual({ caseEvents: 2, feedback: 1, audit: 2, rejections: 0 });
  });

  it('applies each entry once when an answer is lost and a superset is resent', async () => {
    fillOutbox();
    const created = outbox.createCase();
    outbox.transition(created.caseId, 'submitted');
    outbox.audit('print');
    await push(outbox.entries.slice(0, 4));
    const answer = await push(outbox.entries);
    expect(answer).toEqual({ ackedThrough: 8, rejected: [], epoch: 1 });
    expect(await counts()).toEqual({ caseEvents: 4, feedback: 1, audit: 3, rejections: 0 });
  });

  it('rejects invalid entries with codes, acknowledges them, and repeats the codes on resend', async () => {
    outbox.createCase({ idNumber: BAD_CHECK_DIGIT_ID });
    outbox.createCase({ receiptVillage: OTHER_VILLAGE });
    outbox.transition('01900000-0000-7000-8000-000000000000');
    outbox.feedback({ ticketVillage: OTHER_VILLAGE });
    outbox.audit('login');
    outbox.dropAudit();
    outbox.audit('logout');
    outbox.audit('login', (entry) => ({ ...entry, subject: 'edited afterwards' }));
    outbox.audit('kioskExit');
    outbox.createCase();
    const answer = await push(outbox.entries);
    const expected = [
      { seq: 1, code: 'INVALID_ID_NUMBER' },
      { seq: 2, code: 'WRONG_VILLAGE' },
      { seq: 3, code: 'UNKNOWN_CASE' },
      { seq: 4, code: 'WRONG_VILLAGE' },
      { seq: 6, code: 'AUDIT_CHAIN_BROKEN' },
      { seq: 7, code: 'AUDIT_CHAIN_BROKEN' },
    ];
    expect(answer.ackedThrough).toBe(9);
    expect(answer.rejected.map(({ seq, code }) => ({ seq, code }))).toEqual(expected);
    expect(answer.rejected.every((r) => r.message.length > 0)).toBe(true);
    expect(await counts()).toEqual({ caseEvents: 1, feedback: 0, audit: 4, rejections: 6 });
    const state = await findPushState(server.handle.db, kiosk.deviceId);
    expect(state).toMatchObject({ lastSeq: 9, auditChainBrokenSeq: 3 });
    expect(state?.auditChainBrokenAt).not.toBeNull();

    const resent = await push(outbox.entries);
    expect(resent).toEqual(answer);
    expect(await counts()).toEqual({ caseEvents: 1, feedback: 0, audit: 4, rejections: 6 });
  });

  it('accepts a record resent under a new seq with the same content, and refuses other content under its id', async () => {
    const created = outbox.createCase();
    const original = outbox.entries[0] as PushEntry;
    outbox.requeue(original);
    outbox.requeue(original, { ...created, note: 'changed' });
    outbox.transition(created.caseId);
    const answer = await push(outbox.entries);
    expect(answer.ackedThrough).toBe(4);
    expect(answer.rejected.map((r) => [r.seq, r.code])).toEqual([[3, 'ID_MISMATCH']]);
    expect(await counts()).toMatchObject({ caseEvents: 2 });
  });

  it('keeps villages apart: a kiosk cannot extend another village\'s case', async () => {
    const created = outbox.createCase();
    await push(outbox.entries);
    const westKiosk = await enrollKiosk(server, OTHER_VILLAGE, '西村服务站');
    const west = new KioskOutbox(westKiosk.deviceId, OTHER_VILLAGE);
    west.transition(created.caseId);
    west.createCase({ receiptVillage: VILLAGE });
    const answer = await push(west.entries, westKiosk);
    expect(answer.rejected.map((r) => [r.seq, r.code])).toEqual([[1, 'UNKNOWN_CASE'], [2, 'WRONG_VILLAGE']]);
    expect(await counts()).toMatchObject({ caseEvents: 1 });
  });

  it('refuses another device\'s deviceId with 403 DEVICE_MISMATCH', async () => {
    const other = await enrollKiosk(server, VILLAGE, 'second');
    fillOutbox();
    await expectError(await send({ deviceId: other.deviceId, epoch: 1, entries: outbox.entries }), 403, 'DEVICE_MISMATCH');
    expect(await counts()).toEqual({ caseEvents: 0, feedback: 0, audit: 0, rejections: 0 });
  });

  it('refuses a revoked token with 401 DEVICE_REVOKED', async () => {
    fillOutbox();
    await revokeDevice(server.handle.db, kiosk.deviceId);
    await expectError(await send({ deviceId: kiosk.deviceId, epoch: 1, entries: outbox.entries }), 401, 'DEVICE_REVOKED');
    expect(await counts()).toEqual({ caseEvents: 0, feedback: 0, audit: 0, rejections: 0 });
  });

  it('refuses a stale epoch with 409 EPOCH_MISMATCH and the current epoch', async () => {
    fillOutbox();
    await server.handle.db.updateTable('server_meta').set({ value: '2' }).where('key', '=', 'epoch').execute();
    const body = await expectError(await send({ deviceId: kiosk.deviceId, epoch: 1, entries: outbox.entries }), 409, 'EPOCH_MISMATCH');
    expect(body).toMatchObject({ epoch: 2 });
    expect(await counts()).toEqual({ caseEvents: 0, feedback: 0, audit: 0, rejections: 0 });
    expect(await findPushState(server.handle.db, kiosk.deviceId)).toBeUndefined();
  });

  it.each([
    ['an unknown top-level field', (b: Record<string, unknown>) => ({ ...b, force: true }), 'INVALID_REQUEST'],
    ['an unknown entry field', (b: Record<string, unknown>) => ({ ...b, entries: [{ ...(b.entries as PushEntry[])[0], extra: 1 }] }), 'INVALID_REQUEST'],
    ['no entries', (b: Record<string, unknown>) => ({ ...b, entries: [] }), 'INVALID_REQUEST'],
    ['an unknown kind', (b: Record<string, unknown>) => ({ ...b, entries: [{ seq: 1, kind: 'agent', id: 'x', body: {} }] }), 'INVALID_REQUEST'],
    ['seq zero', (b: Record<string, unknown>) => ({ ...b, entries: [{ seq: 0, kind: 'audit', id: '1', body: {} }] }), 'INVALID_REQUEST'],
    ['seqs out of order', (b: Record<string, unknown>) => ({ ...b, entries: [...(b.entries as PushEntry[])].reverse() }), 'INVALID_REQUEST'],
    ['a string epoch', (b: Record<string, unknown>) => ({ ...b, epoch: '1' }), 'INVALID_REQUEST'],
    ['a non-UUID deviceId', (b: Record<string, unknown>) => ({ ...b, deviceId: 'kiosk' }), 'INVALID_REQUEST'],
    ['too many entries', (b: Record<string, unknown>) => ({ ...b, entries: Array.from({ length: SYNC_LIMITS.maxPushEntries + 1 }, (_, i) => ({ seq: i + 1, kind: 'audit', id: String(i + 1), body: {} })) }), 'INVALID_REQUEST'],
    ['malformed JSON', () => '{"deviceId": ', 'MALFORMED_REQUEST'],
  ])('refuses %s with 400 and changes nothing', async (_label, mutate, code) => {
    fillOutbox();
    await expectError(await send(mutate({ deviceId: kiosk.deviceId, epoch: 1, entries: outbox.entries })), 400, code);
    expect(await counts()).toEqual({ caseEvents: 0, feedback: 0, audit: 0, rejections: 0 });
  });

  it('refuses a body over the push limit with 413, even gzip-compressed, and changes nothing', async () => {
    fillOutbox();
    const huge = { deviceId: kiosk.deviceId, epoch: 1, entries: [{ ...outbox.entries[0], body: { padding: 'x'.repeat(SYNC_LIMITS.maxPushBytes + 100_000) } }] };
    await expectError(await send(huge), 413, 'PAYLOAD_TOO_LARGE');
    const gzipped = await fetch(`${server.baseUrl}/api/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(huge)),
    });
    await expectError(gzipped, 413, 'PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual({ caseEvents: 0, feedback: 0, audit: 0, rejections: 0 });
  });

  it('accepts a full batch of maxPushEntries entries', async () => {
    for (let i = 0; i < SYNC_LIMITS.maxPushEntries; i++) outbox.audit('print');
    expect((await push(outbox.entries)).ackedThrough).toBe(SYNC_LIMITS.maxPushEntries);
    expect(await counts()).toMatchObject({ audit: SYNC_LIMITS.maxPushEntries });
  });
});
