import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { CaseEvent } from '../../../shared/domain/case';
import type { ServiceItem } from '../../../shared/domain/serviceItem';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Change } from '../../../shared/sync/protocol';
import { createCase } from '../../../renderer/src/db/repositories/cases';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import type { StoredCase } from '../../../renderer/src/db/villageRecords';
import { applyPullPage, readPullState, runPull } from '../../../renderer/src/sync/pull';
import { county as countyRecord, TOWNSHIP_A, VILLAGE_A1 } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';
import { FakeCounty, villageSnapshot } from './pullFixtures';

const AGENT: AgentPublic = { id: '01900000-0000-7000-8000-0000000000aa', name: '王秀英', role: 'agent', active: true, createdAt: '2026-01-01T00:00:00+08:00' };
const ITEM: ServiceItem = {
  code: 'YL001', name: '养老保险待遇资格认证', department: '县人社局', promisedDays: 5, feeFen: 0, legalBasis: '社会保险法', description: '',
  materials: [{ name: '身份证', copies: 1, original: true, note: '' }],
};
const NOW = new Date(2026, 10, 27, 10, 0, 0);

let db: KioskDatabase;
let county: FakeCounty;
let record: StoredCase;

beforeEach(async () => {
  db = freshDb();
  county = new FakeCounty(villageSnapshot(VILLAGE_A1));
  await runPull(db, county, { villageCode: VILLAGE_A1 });
  await db.serviceItems.put(ITEM);
  const created = await createCase(db, {
    itemCode: 'YL001',
    applicant: { name: '张桂兰', idNumber: completeIdNumber('34122219550505041'), phone: '13912345678', group: 1 },
    materials: [{ name: '身份证', copies: 1, original: true, received: true }],
    note: '',
  }, AGENT, { now: NOW });
  if (!created.ok) throw new Error('case not created');
  record = created.record;
});
afterEach(() => db.close());

function countyEvent(parentId: string, authorSeq: number, to: 'accepted' | 'submitted' | 'completed'): CaseEvent {
  return {
    id: uuidv7(NOW.getTime() + authorSeq), caseId: record.id, author: { kind: 'county', id: 'county-staff-7' }, authorSeq, parentId,
    recordedAt: '2026-11-28T09:00:00+08:00', actorName: '县人社局', type: 'transition', to, reason: '',
  };
}

async function pullAppended(changes: Omit<Change, 'seq'>[]) {
  county.append(changes);
  return runPull(db, county);
}

describe('county writes on village records', () => {
  it('a county case event is stored once, re-folds the case, and is not queued for the county', async () => {
    const outboxBefore = await db.outbox.count();
    const accepted = countyEvent(record.headEventId, 1, 'accepted');
    const change: Omit<Change, 'seq'> = { stream: 'caseEvent', op: 'put', key: accepted.id, value: accepted };
    await pullAppended([change]);
    const folded = await db.cases.get(record.id);
    expect(folded).toMatchObject({ state: 'accepted', headEventId: accepted.id, receiptNo: record.receiptNo });
    expect(folded?.history.at(-1)).toMatchObject({ to: 'accepted', author: { kind: 'county', id: 'county-staff-7' } });
    expect(await db.outbox.count()).toBe(outboxBefore);

    // The same event again (a duplicated response) changes nothing.
    await pullAppended([change, { stream: 'caseEvent', op: 'put', key: accepted.id, value: accepted }]);
    expect(await db.caseEvents.where('caseId').equals(record.id).count()).toBe(2);
    expect(await db.cases.get(record.id)).toEqual(folded);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('an event on a case this kiosk does not hold is kept without inventing the case', async () => {
    const stray: CaseEvent = { ...countyEvent(record.headEventId, 1, 'accepted'), caseId: uuidv7(NOW.getTime() + 99) };
    await pullAppended([{ stream: 'caseEvent', op: 'put', key: stray.id, value: stray }]);
    expect(await db.caseEvents.get(stray.id)).toBeDefined();
    expect(await db.cases.get(stray.caseId)).toBeUndefined();
    expect(await db.cases.count()).toBe(1);
  });

  it("the county's answer lands in the ticket; an answer to another kiosk's ticket is counted and ignored", async () => {
    const filed = await createFeedback(db, { subject: { kind: 'general' }, category: 'suggestion', text: '希望延长开放时间', callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
    if (!filed.ok) throw new Error('ticket not filed');
    const outboxBefore = await db.outbox.count();
    const answer = { text: '已延长至18点', by: '县政务中心', at: '2026-11-29T10:00:00+08:00' };
    const elsewhere = uuidv7(NOW.getTime() + 5);
    const result = await pullAppended([
      { stream: 'feedbackAnswer', op: 'put', key: filed.feedback.id, value: { feedbackId: filed.feedback.id, state: 'answered', answer } },
      { stream: 'feedbackAnswer', op: 'put', key: elsewhere, value: { feedbackId: elsewhere, state: 'closed', answer } },
    ]);
    expect(result.rows).toBe(2);
    expect(await db.feedback.get(filed.feedback.id)).toEqual({ ...filed.feedback, state: 'answered', answer });
    expect(await db.feedback.count()).toBe(1);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('a new epoch clears county data and re-queues the outbox, keeping village records; the run then pulls afresh', async () => {
    await db.outbox.toCollection().modify({ state: 'acked' });
    const firstEntry = (await db.outbox.toArray())[0]!;
    await db.outbox.update(firstEntry.seq, { state: 'rejected', rejection: { code: 'INVALID_BODY', message: 'x' } });
    const outboxSeqs = (await db.outbox.toArray()).map((e) => e.seq);
    const casesBefore = await db.cases.toArray();

    county.epoch = 2;
    const stale = await county.pull((await readPullState(db)).cursor, 100);
    expect(await applyPullPage(db, stale)).toMatchObject({ applied: 0, reset: true });
    for (const table of [db.programs, db.disbursements, db.households, db.programSummaries, db.projects, db.notices, db.serviceItems, db.holidays]) {
      expect(await table.count()).toBe(0);
    }
    expect(await db.meta.bulkGet(['dataAsOf', 'county', 'pull'])).toEqual([undefined, undefined, undefined]);
    expect(await db.meta.get('scope')).toEqual({ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 } });
    expect(await db.cases.toArray()).toEqual(casesBefore);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => e.seq)).toEqual(outboxSeqs);
    expect(outbox.every((e) => e.state === 'pending' && e.rejection === null)).toBe(true);

    const again = await runPull(db, county);
    expect(again).toMatchObject({ done: true, reset: false, rows: county.log.length });
    expect(await db.meta.get('county')).toEqual({ key: 'county', value: countyRecord });
    expect((await readPullState(db)).epoch).toBe(2);
  });

  it("a new epoch also drops the county's own writes on village records: its case events (the case folds back) and its answers", async () => {
    const filed = await createFeedback(db, { subject: { kind: 'general' }, category: 'suggestion', text: '希望延长开放时间', callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
    if (!filed.ok) throw new Error('ticket not filed');
    const accepted = countyEvent(record.headEventId, 1, 'accepted');
    const answer = { text: '已延长至18点', by: '县政务中心', at: '2026-11-29T10:00:00+08:00' };
    await pullAppended([
      { stream: 'caseEvent', op: 'put', key: accepted.id, value: accepted },
      { stream: 'feedbackAnswer', op: 'put', key: filed.feedback.id, value: { feedbackId: filed.feedback.id, state: 'answered', answer } },
    ]);
    expect(await db.cases.get(record.id)).toMatchObject({ state: 'accepted' });

    // The county restored a backup taken before it wrote either.
    county.epoch = 2;
    const stale = await county.pull((await readPullState(db)).cursor, 100);
    expect(await applyPullPage(db, stale)).toMatchObject({ reset: true });
    expect(await db.caseEvents.get(accepted.id)).toBeUndefined();
    expect(await db.cases.get(record.id)).toEqual(record);
    expect(await db.feedback.get(filed.feedback.id)).toEqual(filed.feedback);
  });

  it('runPull meets the new epoch itself and goes on from an empty cursor in the same run', async () => {
    county.epoch = 3;
    const result = await runPull(db, county);
    expect(result).toMatchObject({ reset: true, done: true, rows: county.log.length });
    expect(await readPullState(db)).toMatchObject({ epoch: 3, complete: true, rowsApplied: county.log.length });
    expect(await db.cases.count()).toBe(1);
  });
});
