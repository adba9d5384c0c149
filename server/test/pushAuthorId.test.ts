import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { pushResponseSchema, type EnrollResponse, type PushEntry, type PushResponse } from '../../shared/sync/protocol';
import { findPushState } from '../src/repositories/pushState';
import { addVillage } from '../src/repositories/villages';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { enrollKiosk, KioskOutbox } from './pushFixtures';

/**
 * A kiosk writes case events as its permanent local author id, from its first day, enrolled or
 * not; enrolling (again) binds a new county device to that author id. Everything it wrote must
 * reach the county, and a re-enrolled kiosk resends its whole outbox to the new device.
 */
const VILLAGE = '130123104201';

describe.each(TEST_DATABASE_KINDS)('pushing as the kiosk\'s author id (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function push(entries: PushEntry[], as: EnrollResponse): Promise<PushResponse> {
    const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: as.deviceId, epoch: 1, entries }, { authorization: `Bearer ${as.token}` });
    expect(response.status).toBe(200);
    return pushResponseSchema.strict().parse(await response.json());
  }

  async function count(table: 'case_events' | 'feedback' | 'audit_entries', deviceId?: string): Promise<number> {
    let query = server.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (deviceId !== undefined) query = query.where('device_id', '=', deviceId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  it('accepts events written before enrollment, authored by the kiosk\'s own id', async () => {
    const outbox = new KioskOutbox(uuidv7(), VILLAGE);
    const created = outbox.createCase();
    outbox.transition(created.caseId, 'accepted');
    const device = await enrollKiosk(server, VILLAGE, 'kiosk', outbox.deviceId);
    expect(device.deviceId).not.toBe(outbox.deviceId);

    expect(await push(outbox.entries, device)).toEqual({ ackedThrough: 2, rejected: [], epoch: 1 });
    expect(await count('case_events', device.deviceId)).toBe(2);
  });

  it('refuses events authored by anyone else, the pushing device\'s own id included', async () => {
    const authorId = uuidv7();
    const device = await enrollKiosk(server, VILLAGE, 'kiosk', authorId);
    const asDeviceId = new KioskOutbox(device.deviceId, VILLAGE);
    asDeviceId.createCase();
    const other = await enrollKiosk(server, VILLAGE, 'other', uuidv7());
    const asOtherKiosk = new KioskOutbox(other.deviceId, VILLAGE);
    asOtherKiosk.createCase();
    const entries = [asDeviceId.entries[0] as PushEntry, { ...(asOtherKiosk.entries[0] as PushEntry), seq: 2 }];

    const answer = await push(entries, device);
    expect(answer.rejected.map((r) => [r.seq, r.code])).toEqual([[1, 'INVALID_BODY'], [2, 'INVALID_BODY']]);
    expect(answer.rejected[0]?.message).toMatch(/author id it enrolled with/);
    expect(await count('case_events')).toBe(0);
  });

  it('still accepts an old client\'s events, authored by the device id it was given', async () => {
    const device = await enrollKiosk(server, VILLAGE);
    const outbox = new KioskOutbox(device.deviceId, VILLAGE);
    outbox.createCase();
    expect((await push(outbox.entries, device)).rejected).toEqual([]);
  });

  it('takes a whole outbox again from a re-enrolled kiosk: all acked, each record once, a complete audit chain', async () => {
    const outbox = new KioskOutbox(uuidv7(), VILLAGE);
    const created = outbox.createCase();
    outbox.audit('login');
    outbox.feedback({ subject: { kind: 'case', caseId: created.caseId } });
    outbox.transition(created.caseId, 'accepted');
    outbox.audit('caseCreated');
    const first = await enrollKiosk(server, VILLAGE, 'kiosk', outbox.deviceId);
    expect(await push(outbox.entries, first)).toEqual({ ackedThrough: 5, rejected: [], epoch: 1 });

    // Forgotten on the kiosk (the county keeps the device); the kiosk goes on writing, then enrolls
    // with a new code and sends its outbox from seq 1 to the new device.
    const later = outbox.createCase();
    outbox.audit('print');
    outbox.feedback();
    const second = await enrollKiosk(server, VILLAGE, 'kiosk', outbox.deviceId);
    const answers = [await push(outbox.entries.slice(0, 4), second), await push(outbox.entries.slice(4), second)];
    expect(answers).toEqual([{ ackedThrough: 4, rejected: [], epoch: 1 }, { ackedThrough: 8, rejected: [], epoch: 1 }]);

    expect([await count('case_events'), await count('feedback')]).toEqual([3, 2]);
    // The case events first stored keep the device that delivered them first.
    expect(await count('case_events', first.deviceId)).toBe(2);
    expect(await server.handle.db.selectFrom('case_events').select('device_id').where('case_id', '=', later.caseId).executeTakeFirst()).toEqual({ device_id: second.deviceId });
    // Each device holds its chain from seq 1: the new one is complete, neither is flagged.
    expect([await count('audit_entries', first.deviceId), await count('audit_entries', second.deviceId)]).toEqual([2, 3]);
    expect(await findPushState(server.handle.db, first.deviceId)).toEqual({ lastSeq: 5, auditChainBrokenAt: null, auditChainBrokenSeq: null });
    expect(await findPushState(server.handle.db, second.deviceId)).toEqual({ lastSeq: 8, auditChainBrokenAt: null, auditChainBrokenSeq: null });
  });

  it('waits at the gap when a re-enrolled kiosk resumes mid-outbox, which is why it resends from seq 1', async () => {
    const outbox = new KioskOutbox(uuidv7(), VILLAGE);
    outbox.audit('login');
    outbox.audit('logout');
    const first = await enrollKiosk(server, VILLAGE, 'kiosk', outbox.deviceId);
    await push(outbox.entries, first);
    outbox.audit('login');
    const second = await enrollKiosk(server, VILLAGE, 'kiosk', outbox.deviceId);
    expect(await push(outbox.entries.slice(2), second)).toEqual({ ackedThrough: 0, rejected: [], epoch: 1 });
  });
});
