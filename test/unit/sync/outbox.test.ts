import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { ServiceItem } from '../../../shared/domain/serviceItem';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { KioskDatabase } from '../../../renderer/src/db/schema';
import { createCase, transitionCase } from '../../../renderer/src/db/repositories/cases';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import { countPendingOutbox, listPendingOutbox } from '../../../renderer/src/db/repositories/outbox';
import { county, programs, TOWNSHIP_A, VILLAGE_A1 } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';

const AGENT: AgentPublic = { id: '01900000-0000-7000-8000-0000000000aa', name: '王秀英', role: 'agent', active: true, createdAt: '2026-01-01T00:00:00+08:00' };
const ITEM: ServiceItem = {
  code: 'YL001', name: '养老保险待遇资格认证', department: '县人社局', promisedDays: 5, feeFen: 0, legalBasis: '社会保险法', description: '',
  materials: [{ name: '身份证', copies: 1, original: true, note: '' }],
};
const NOW = new Date(2026, 10, 27, 10, 0, 0);

let db: KioskDatabase;

async function seed(target: KioskDatabase): Promise<void> {
  await target.meta.bulkPut([{ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 } }, { key: 'county', value: county }]);
  await target.serviceItems.put(ITEM);
  await target.programs.bulkPut(programs);
}

function caseInput(idNumber = completeIdNumber('34122219550505041')) {
  return {
    itemCode: 'YL001',
    applicant: { name: '张桂兰', idNumber, phone: '13912345678', group: 1 },
    materials: [{ name: '身份证', copies: 1, original: true, received: true }],
    note: '',
  };
}

beforeEach(async () => {
  db = freshDb();
  await seed(db);
});

afterEach(() => db.close());

describe('outbox', () => {
  it('queues every case event and ticket with a gap-free per-device sequence, in the same transaction as the record', async () => {
    const created = await createCase(db, caseInput(), AGENT, { now: NOW });
    if (!created.ok) throw new Error('case not created');
    await transitionCase(db, created.record.id, 'accepted', '', AGENT, { now: NOW });
    const ticket = await createFeedback(db, { subject: { kind: 'program', programId: programs[0]!.id }, category: 'objection', text: '金额不对', callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
    if (!ticket.ok) throw new Error(`ticket not created: ${JSON.stringify(ticket.errors)}`);

    const pending = await listPendingOutbox(db, 100);
    // Each record, then the audit entry of the same action.
    expect(pending.map((e) => [e.seq, e.kind])).toEqual([[1, 'caseEvent'], [2, 'audit'], [3, 'caseEvent'], [4, 'audit'], [5, 'feedback'], [6, 'audit']]);
    const events = await db.caseEvents.toArray();
    expect(new Set(pending.filter((e) => e.kind === 'caseEvent').map((e) => e.id))).toEqual(new Set(events.map((e) => e.id)));
    expect(pending[4]!.body).toEqual(ticket.feedback);
    expect(pending.filter((e) => e.kind === 'audit').map((e) => e.body)).toEqual(await db.auditLog.orderBy('seq').toArray());
    expect(await countPendingOutbox(db)).toBe(6);
  });

  it('queues nothing when the record is refused', async () => {
    const refused = await createCase(db, caseInput('341222195505050410'), AGENT, { now: NOW });
    expect(refused.ok).toBe(false);
    const created = await createCase(db, caseInput(), AGENT, { now: NOW });
    if (!created.ok) throw new Error('case not created');
    const illegal = await transitionCase(db, created.record.id, 'completed', '', AGENT, { now: NOW });
    expect(illegal.ok).toBe(false);
    expect((await listPendingOutbox(db, 100)).map((e) => e.kind)).toEqual(['caseEvent', 'audit']);
  });

  it('the version 3 upgrade queues records written before the outbox existed, in the device’s order', async () => {
    const name = 'outbox-upgrade';
    // Write with the real repositories, then put the same events into a version 2 database that has no outbox.
    const v3 = new KioskDatabase(name, { indexedDB: new IDBFactory(), IDBKeyRange });
    await seed(v3);
    const first = await createCase(v3, caseInput(), AGENT, { now: NOW });
    if (!first.ok) throw new Error('case not created');
    await transitionCase(v3, first.record.id, 'accepted', '', AGENT, { now: NOW });
    const events = await v3.caseEvents.toArray();
    v3.close();

    const factory = new IDBFactory();
    const v2 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    v2.version(2).stores({ caseEvents: 'id, caseId', feedback: 'id, &ticketNo, &localNo, createdAt', counters: 'key' });
    await v2.open();
    await v2.table('caseEvents').bulkAdd([...events].reverse());
    v2.close();

    const upgraded = new KioskDatabase(name, { indexedDB: factory, IDBKeyRange });
    await upgraded.open();
    const queued = await listPendingOutbox(upgraded, 100);
    expect(queued.map((e) => e.id)).toEqual([...events].sort((a, b) => a.authorSeq - b.authorSeq).map((e) => e.id));
    expect(queued.map((e) => e.seq)).toEqual([1, 2]);
    expect((await upgraded.counters.get('outboxSeq'))?.value).toBe(2);
    upgraded.close();
  });
});
