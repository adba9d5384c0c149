import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { ServiceItem } from '../../../shared/domain/serviceItem';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { createCase, transitionCase } from '../../../renderer/src/db/repositories/cases';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import { getDeviceId } from '../../../renderer/src/db/repositories/settings';
import { createWebBridge } from '../../../renderer/src/bridge/webBridge';
import { createWebCredentialStore } from '../../../renderer/src/bridge/webCredentialStore';
import { createWebPostJson } from '../../../renderer/src/bridge/webEnrollHttp';
import { enrollKiosk as enrollThisKiosk, forgetKioskEnrollment } from '../../../renderer/src/sync/enrollment';
import { pushPending } from '../../../renderer/src/sync/pushOutbox';
import { createSyncClient } from '../../../renderer/src/sync/syncClient';
import type { KioskBridge, SyncCredentials } from '../../../shared/ipc/contract';
import { findPushState } from '../../../server/src/repositories/pushState';
import { issueEnrollmentCode } from '../../../server/src/services/enrollment';
import { addVillage } from '../../../server/src/repositories/villages';
import { createTestDatabase, type TestDatabase } from '../../../server/test/pg';
import { startServer, type RunningServer } from '../../../server/test/http';
import { enrollKiosk } from '../../../server/test/pushFixtures';
import { county, programs, TOWNSHIP_A, VILLAGE_A1 } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';

/**
 * The kiosk's real repositories and push code against the real county server over HTTP (SQLite):
 * what an agent records is what the county stores, once.
 */
const AGENT: AgentPublic = { id: '01900000-0000-7000-8000-0000000000aa', name: '王秀英', role: 'agent', active: true, createdAt: '2026-01-01T00:00:00+08:00' };
const ITEM: ServiceItem = {
  code: 'YL001', name: '养老保险待遇资格认证', department: '县人社局', promisedDays: 5, feeFen: 0, legalBasis: '社会保险法', description: '',
  materials: [{ name: '身份证', copies: 1, original: true, note: '' }],
};
const NOW = new Date(2026, 10, 27, 10, 0, 0);

let database: TestDatabase;
let server: RunningServer;
let kiosk: KioskDatabase;

beforeEach(async () => {
  database = await createTestDatabase('sqlite');
  server = await startServer(database);
  await addVillage(server.handle.db, { code: VILLAGE_A1, name: '甲村', townshipCode: TOWNSHIP_A, groups: 9 });
  kiosk = freshDb();
  await kiosk.meta.bulkPut([{ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 } }, { key: 'county', value: county }]);
  await kiosk.serviceItems.put(ITEM);
  await kiosk.programs.bulkPut(programs);
});

afterEach(async () => {
  kiosk.close();
  await server.close();
  await database.drop();
});

async function recordCase(): Promise<string> {
  const created = await createCase(kiosk, {
    itemCode: 'YL001',
    applicant: { name: '张桂兰', idNumber: completeIdNumber('34122219550505041'), phone: '13912345678', group: 1 },
    materials: [{ name: '身份证', copies: 1, original: true, received: true }],
    note: '',
  }, AGENT, { now: NOW });
  if (!created.ok) throw new Error('case not created');
  return created.record.id;
}

async function recordTicket(text: string): Promise<void> {
  const ticket = await createFeedback(kiosk, { subject: { kind: 'program', programId: programs[0]!.id }, category: 'objection', text, callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
  if (!ticket.ok) throw new Error('ticket not created');
}

async function countyCount(table: 'case_events' | 'feedback' | 'audit_entries', deviceId?: string): Promise<number> {
  let query = server.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (deviceId !== undefined) query = query.where('device_id', '=', deviceId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe('kiosk push to the county server', () => {
  it('delivers every case event, ticket and audit entry exactly once, those written before enrollment too, and a second run sends nothing', async () => {
    // Written before the kiosk is enrolled: authored by its own permanent id.
    const caseId = await recordCase();
    const enrolled = await enrollKiosk(server, VILLAGE_A1, 'kiosk', await getDeviceId(kiosk));
    await transitionCase(kiosk, caseId, 'accepted', '', AGENT, { now: NOW });
    await recordTicket('金额不对');

    const client = createSyncClient({ baseUrl: server.baseUrl, token: enrolled.token });
    const identity = { deviceId: enrolled.deviceId, epoch: enrolled.epoch };
    const first = await pushPending(kiosk, client, identity);
    expect(first).toMatchObject({ acked: 6, rejected: 0, remaining: 0 });
    expect([await countyCount('case_events'), await countyCount('feedback'), await countyCount('audit_entries')]).toEqual([2, 1, 3]);

    const second = await pushPending(kiosk, client, identity);
    expect(second).toEqual({ batches: 0, acked: 0, rejected: 0, remaining: 0 });
    expect([await countyCount('case_events'), await countyCount('feedback'), await countyCount('audit_entries')]).toEqual([2, 1, 3]);
  });

  it('a revoked device is told so, and its records stay queued', async () => {
    const enrolled = await enrollKiosk(server, VILLAGE_A1, 'kiosk', await getDeviceId(kiosk));
    const ticket = await createFeedback(kiosk, { subject: { kind: 'general' }, category: 'suggestion', text: '希望延长开放时间', callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
    if (!ticket.ok) throw new Error('ticket not created');
    await server.handle.db.updateTable('devices').set({ revoked_at: NOW.toISOString() }).where('id', '=', enrolled.deviceId).execute();
    const client = createSyncClient({ baseUrl: server.baseUrl, token: enrolled.token });
    await expect(pushPending(kiosk, client, { deviceId: enrolled.deviceId, epoch: enrolled.epoch })).rejects.toMatchObject({ kind: 'unauthorized', code: 'DEVICE_REVOKED' });
    expect(await kiosk.outbox.where('state').equals('pending').count()).toBe(2);
  });

  it('after "forget" and a new code, resends everything to the new device: all acked, each record once, an unbroken audit chain', async () => {
    const bridge: KioskBridge = createWebBridge({
      version: '1',
      platform: 'test',
      print: undefined,
      postJson: createWebPostJson(fetch),
      credentials: createWebCredentialStore('credentials-push-reenroll', { indexedDB: new IDBFactory(), IDBKeyRange }),
    });
    const enrol = async (): Promise<SyncCredentials> => {
      const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE_A1, 3_600_000);
      const result = await enrollThisKiosk({ countyUrl: server.baseUrl, code, deviceName: '甲村服务站' }, { bridge, db: kiosk });
      if (!result.ok) throw new Error(`not enrolled: ${result.failure} ${result.detail}`);
      const credentials = await bridge.getSyncCredentials();
      if (!credentials.ok || !credentials.value) throw new Error('no credentials');
      return credentials.value;
    };
    const pushAs = (credentials: SyncCredentials) =>
      pushPending(kiosk, createSyncClient({ baseUrl: server.baseUrl, token: credentials.token }), { deviceId: credentials.enrollment.deviceId, epoch: credentials.enrollment.epoch });

    const caseId = await recordCase();
    await recordTicket('金额不对');
    const first = await enrol();
    expect(await pushAs(first)).toMatchObject({ acked: 4, rejected: 0, remaining: 0 });

    expect(await forgetKioskEnrollment(bridge)).toEqual({ ok: true, forgotten: true });
    await transitionCase(kiosk, caseId, 'accepted', '', AGENT, { now: NOW });
    await recordTicket('还没到账');
    const outboxSize = await kiosk.outbox.count();
    const second = await enrol();
    expect(second.enrollment.deviceId).not.toBe(first.enrollment.deviceId);
    expect(await kiosk.outbox.where('state').equals('pending').count()).toBe(outboxSize);

    expect(await pushAs(second)).toMatchObject({ acked: outboxSize, rejected: 0, remaining: 0 });
    expect(await kiosk.outbox.where('state').notEqual('acked').count()).toBe(0);
    expect([await countyCount('case_events'), await countyCount('feedback')]).toEqual([2, 2]);
    const auditWritten = await kiosk.auditLog.count();
    expect(auditWritten).toBeGreaterThanOrEqual(2);
    expect(await countyCount('audit_entries', second.enrollment.deviceId)).toBe(auditWritten);
    for (const device of [first, second]) {
      expect(await findPushState(server.handle.db, device.enrollment.deviceId)).toMatchObject({ auditChainBrokenAt: null, auditChainBrokenSeq: null });
    }
    expect((await findPushState(server.handle.db, second.enrollment.deviceId))?.lastSeq).toBe(outboxSize);
  });
});
