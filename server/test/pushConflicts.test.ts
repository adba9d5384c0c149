import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { pullResponseSchema, pushResponseSchema, type EnrollResponse, type PushEntry, type PushResponse } from '../../shared/sync/protocol';
import { publishChanges } from '../src/repositories/changes';
import { bumpEpoch } from '../src/repositories/serverMeta';
import { addVillage } from '../src/repositories/villages';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { enrollKiosk, KioskOutbox } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';

describe.each(TEST_DATABASE_KINDS)('push conflicts, feedback subjects and epoch bumps (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let east1: EnrollResponse;
  let east2: EnrollResponse;
  let west: EnrollResponse;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    east1 = await enrollKiosk(server, VILLAGE, 'east-1');
    east2 = await enrollKiosk(server, VILLAGE, 'east-2');
    west = await enrollKiosk(server, OTHER_VILLAGE, 'west');
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  function send(as: EnrollResponse, entries: PushEntry[], epoch = 1): Promise<Response> {
    return postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: as.deviceId, epoch, entries }, { authorization: `Bearer ${as.token}` });
  }
  async function push(as: EnrollResponse, entries: PushEntry[]): Promise<PushResponse> {
    const response = await send(as, entries);
    expect(response.status).toBe(200);
    return pushResponseSchema.parse(await response.json());
  }
  const count = async (table: 'case_events' | 'feedback') =>
    Number((await server.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('settles the same feedback id pushed by two kiosks at once per entry, never with a 500', async () => {
    for (let round = 0; round < 8; round++) {
      const ticket = new KioskOutbox(east1.deviceId, VILLAGE).feedback();
      const same = round % 2 === 0;
      const other = same ? ticket : { ...ticket, text: '内容不同' };
      const [a, b] = await Promise.all([push(east1, [{ seq: round + 1, kind: 'feedback', id: ticket.id, body: ticket }]), push(east2, [{ seq: round + 1, kind: 'feedback', id: ticket.id, body: other }])]);
      expect([a.ackedThrough, b.ackedThrough]).toEqual([round + 1, round + 1]);
      const codes = [...a.rejected, ...b.rejected].map((r) => r.code);
      expect(codes).toEqual(same ? [] : ['ID_MISMATCH']);
    }
    expect(await count('feedback')).toBe(8);
  });

  it('accepts one of two kiosks creating the same case at once and refuses the other per entry', async () => {
    for (let round = 0; round < 6; round++) {
      const first = new KioskOutbox(east1.deviceId, VILLAGE).createCase();
      const second = { ...new KioskOutbox(east2.deviceId, VILLAGE).createCase(), caseId: first.caseId };
      const [a, b] = await Promise.all([push(east1, [{ seq: round + 1, kind: 'caseEvent', id: first.id, body: first }]), push(east2, [{ seq: round + 1, kind: 'caseEvent', id: second.id, body: second }])]);
      expect([...a.rejected, ...b.rejected].map((r) => r.code)).toEqual(['ID_MISMATCH']);
    }
    expect(await count('case_events')).toBe(6);
  });

  it('accepts feedback about a case of the device’s village only', async () => {
    const eastBox = new KioskOutbox(east1.deviceId, VILLAGE);
    const eastCase = eastBox.createCase();
    eastBox.feedback({ subject: { kind: 'case', caseId: eastCase.caseId } });
    expect((await push(east1, eastBox.entries)).rejected).toEqual([]);

    const westBox = new KioskOutbox(west.deviceId, OTHER_VILLAGE);
    westBox.feedback({ subject: { kind: 'case', caseId: eastCase.caseId } });
    westBox.feedback({ subject: { kind: 'case', caseId: uuidv7() } });
    const answer = await push(west, westBox.entries);
    expect(answer.ackedThrough).toBe(2);
    expect(answer.rejected.map((r) => [r.seq, r.code])).toEqual([[1, 'WRONG_VILLAGE'], [2, 'UNKNOWN_CASE']]);
    expect(await count('feedback')).toBe(1);
  });

  it('after an epoch bump, tells pullers to start over and refuses pushes of the old epoch', async () => {
    await publishChanges(server.handle.db, [{ villageCode: VILLAGE, stream: 'notice', op: 'put', key: 'n1', value: { n: 1 } }]);
    const pull = async (since: string) => {
      const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=${since}`, { headers: { authorization: `Bearer ${east1.token}` } });
      expect(response.status).toBe(200);
      return pullResponseSchema.parse(await response.json());
    };
    const before = await pull('');
    expect(before.epoch).toBe(1);
    expect(await bumpEpoch(server.handle.db)).toBe(2);
    expect(await pull(before.next)).toEqual({ epoch: 2, changes: [], next: '', hasMore: true, remaining: null });
    const again = await pull('');
    expect(again).toMatchObject({ epoch: 2, hasMore: false });
    expect(again.changes.map((c) => c.key)).toEqual(['n1']);

    const staleBox = new KioskOutbox(east1.deviceId, VILLAGE);
    staleBox.feedback();
    const stale = await send(east1, staleBox.entries, 1);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'EPOCH_MISMATCH' }, epoch: 2 });
  });
});
