import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponseSchema, type EnrollResponse, type PushEntry } from '../../shared/sync/protocol';
import { canonicalJson } from '../../shared/audit/auditChain';
import { revokeDevice } from '../src/repositories/devices';
import { findPushState } from '../src/repositories/pushState';
import { addVillage } from '../src/repositories/villages';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { BAD_CHECK_DIGIT_ID, enrollKiosk, KioskOutbox } from './pushFixtures';

const VILLAGE = '130123104201';
const RUNS = 200;

type Op = 'create' | 'transition' | 'feedback' | 'audit' | 'badIdNumber';

/** An outbox from a list of operations; invalid entries (a mistyped ID number) are part of the stream too. */
function buildOutbox(deviceId: string, ops: Op[]): { outbox: KioskOutbox; rejectedSeqs: number[] } {
  const outbox = new KioskOutbox(deviceId, VILLAGE);
  const rejectedSeqs: number[] = [];
  let lastCase: string | undefined;
  for (const op of ops) {
    if (op === 'create' || (op === 'transition' && lastCase === undefined)) lastCase = outbox.createCase().caseId;
    else if (op === 'transition' && lastCase !== undefined) outbox.transition(lastCase);
    else if (op === 'feedback') outbox.feedback();
    else if (op === 'audit') outbox.audit();
    else {
      outbox.createCase({ idNumber: BAD_CHECK_DIGIT_ID });
      rejectedSeqs.push(outbox.entries.length);
    }
  }
  return { outbox, rejectedSeqs };
}

async function storedRows(server: RunningServer, deviceId: string): Promise<string[]> {
  const db = server.handle.db;
  const events = await db.selectFrom('case_events').select(['id', 'body']).where('device_id', '=', deviceId).execute();
  const feedback = await db.selectFrom('feedback').select(['id', 'body']).where('device_id', '=', deviceId).execute();
  const audit = await db.selectFrom('audit_entries').select(['seq', 'body']).where('device_id', '=', deviceId).execute();
  return [
    ...events.map((r) => `caseEvent|${r.id}|${r.body}`),
    ...feedback.map((r) => `feedback|${r.id}|${r.body}`),
    ...audit.map((r) => `audit|${Number(r.seq)}|${r.body}`),
  ].sort();
}

describe.each(TEST_DATABASE_KINDS)('push: any batching with resends stores the same rows (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000, enrollRateLimitPerMinute: 1_000_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  async function push(kiosk: EnrollResponse, entries: PushEntry[]) {
    const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: kiosk.deviceId, epoch: 1, entries }, { authorization: `Bearer ${kiosk.token}` });
    expect(response.status).toBe(200);
    return pushResponseSchema.parse(await response.json());
  }

  it(`holds over ${RUNS} runs`, { timeout: 300_000 }, async () => {
    const opArb = fc.constantFrom<Op>('create', 'transition', 'transition', 'feedback', 'audit', 'audit', 'badIdNumber');
    // Each request sends the slice [from, from + length) of the outbox: resends, supersets and gaps alike.
    const requestArb = fc.tuple(fc.nat(), fc.nat());
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), fc.array(requestArb, { maxLength: 8 }), async (ops, requests) => {
        // A device per run: rows are compared per device, so runs share the server without interfering.
        // Each is revoked after its run, so its station number is free again for the next (a village
        // has only nine).
        const kiosk = await enrollKiosk(server, VILLAGE);
        try {
          const { outbox, rejectedSeqs } = buildOutbox(kiosk.deviceId, ops);
          const all = outbox.entries;
          let acked = 0;
          const rejectionsSeen = new Set<number>();
          const sendSlice = async (from: number, to: number) => {
            const answer = await push(kiosk, all.slice(from, to));
            // Model: the batch advances the ack only if it starts at or before the next expected seq.
            const expected = from <= acked ? Math.max(acked, to) : acked;
            expect(answer.ackedThrough).toBe(expected);
            for (const r of answer.rejected) {
              expect(r.code).toBe('INVALID_ID_NUMBER');
              rejectionsSeen.add(r.seq);
            }
            acked = expected;
          };
          for (const [a, b] of requests) {
            const from = a % all.length;
            await sendSlice(from, from + 1 + (b % (all.length - from)));
          }
          // The kiosk keeps sending from its first unacknowledged entry until everything is settled.
          while (acked < all.length) await sendSlice(acked, Math.min(all.length, acked + 3));

          const expectedRows = all
            .filter((e) => !rejectedSeqs.includes(e.seq))
            .map((e) => `${e.kind}|${e.id}|${canonicalJson(e.body)}`)
            .sort();
          expect(await storedRows(server, kiosk.deviceId)).toEqual(expectedRows);
          expect([...rejectionsSeen].sort((x, y) => x - y)).toEqual(rejectedSeqs);
          expect((await findPushState(server.handle.db, kiosk.deviceId))?.lastSeq).toBe(all.length);
        } finally {
          await revokeDevice(server.handle.db, kiosk.deviceId);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
