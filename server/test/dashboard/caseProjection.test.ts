import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';
import { down as dropProjection, up as createProjection } from '../../src/db/migrations/0009_case_projection';
import type { Database } from '../../src/db/schema';
import { addVillage } from '../../src/repositories/villages';
import { recordCountyTransition } from '../../src/services/countyCaseEvents';
import { answerFeedback } from '../../src/services/feedbackAnswers';
import { postJson, startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { enrollKiosk, KioskOutbox } from '../pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';
const NOW = new Date('2026-12-20T02:00:00.000Z');

async function projection(db: Kysely<Database>) {
  const cases = await db.selectFrom('cases').selectAll().orderBy('id').execute();
  const states = await db.selectFrom('case_state_counts').selectAll().where('count', '>', 0).orderBy('village_code').orderBy('state').execute();
  const months = await db.selectFrom('case_item_month_counts').selectAll().orderBy('month').orderBy('item_code').execute();
  const queue = await db.selectFrom('feedback_queue').selectAll().orderBy('feedback_id').execute();
  const numeric = <T extends { count: number }>(rows: T[]) => rows.map((row) => ({ ...row, count: Number(row.count) }));
  return { cases: cases.map((row) => ({ ...row, is_open: Number(row.is_open), event_count: Number(row.event_count) })), states: numeric(states), months: numeric(months), queue: queue.map((row) => ({ ...row, is_open: Number(row.is_open) })) };
}

describe.each(TEST_DATABASE_KINDS)('case projection (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let kiosk: EnrollResponse;
  let outbox: KioskOutbox;
  let pushedThrough = 0;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    kiosk = await enrollKiosk(server, VILLAGE);
    outbox = new KioskOutbox(kiosk.deviceId, VILLAGE);
    pushedThrough = 0;
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function push(): Promise<void> {
    const entries = outbox.entries.slice(pushedThrough);
    const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: kiosk.deviceId, epoch: 1, entries }, { authorization: `Bearer ${kiosk.token}` });
    expect(response.status).toBe(200);
    expect(pushResponseSchema.parse(await response.json()).rejected).toEqual([]);
    pushedThrough = outbox.entries.length;
  }

  it('projects a case created and moved within one batch, and again when a later batch moves it', async () => {
    const created = outbox.createCase();
    outbox.transition(created.caseId, 'accepted');
    await push();
    const db = server.handle.db;
    let view = await projection(db);
    expect(view.cases).toHaveLength(1);
    expect(view.cases[0]).toMatchObject({
      id: created.caseId,
      receipt_no: created.receiptNo,
      village_code: VILLAGE,
      item_code: 'MZ001',
      state: 'accepted',
      is_open: 1,
      applicant_name_masked: '张*',
      created_on: '2026-11-27',
      deadline: '2026-12-11',
      event_count: 2,
    });
    expect(view.states).toEqual([{ village_code: VILLAGE, state: 'accepted', count: 1 }]);
    expect(view.months).toEqual([{ month: '2026-11', item_code: 'MZ001', item_name: '低保申请', count: 1 }]);

    outbox.transition(created.caseId, 'submitted');
    outbox.transition(created.caseId, 'completed');
    await push();
    view = await projection(db);
    expect(view.cases[0]).toMatchObject({ state: 'completed', is_open: 0, event_count: 4 });
    expect(view.states).toEqual([{ village_code: VILLAGE, state: 'completed', count: 1 }]);
    // Creation is counted once per case, however many events follow.
    expect(view.months[0]?.count).toBe(1);
  });

  it('follows a county transition in the same transaction, and leaves it untouched when refused', async () => {
    const created = outbox.createCase();
    await push();
    const db = server.handle.db;
    await recordCountyTransition(db, { receiptNo: created.receiptNo, to: 'accepted', by: '李科长' }, NOW);
    let view = await projection(db);
    expect(view.cases[0]).toMatchObject({ state: 'accepted', event_count: 2, updated_at: NOW.toISOString() });
    expect(view.states).toEqual([{ village_code: VILLAGE, state: 'accepted', count: 1 }]);

    await expect(recordCountyTransition(db, { receiptNo: created.receiptNo, to: 'completed', by: '李科长' }, NOW)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(await projection(db)).toEqual(view);

    await recordCountyTransition(db, { receiptNo: created.receiptNo, to: 'awaitingMaterials', reason: '缺户口簿', by: '李科长' }, NOW);
    await recordCountyTransition(db, { receiptNo: created.receiptNo, to: 'declined', reason: '不符合条件', by: '李科长' }, NOW);
    view = await projection(db);
    expect(view.cases[0]).toMatchObject({ state: 'declined', is_open: 0, event_count: 4 });
    expect(view.states).toEqual([{ village_code: VILLAGE, state: 'declined', count: 1 }]);
  });

  it('queues pushed feedback open until answered', async () => {
    const ticket = outbox.feedback();
    await push();
    const db = server.handle.db;
    expect((await projection(db)).queue).toEqual([expect.objectContaining({ feedback_id: ticket.id, village_code: VILLAGE, category: 'suggestion', is_open: 1 })]);
    await answerFeedback(db, { ticketNo: ticket.ticketNo, text: '已安排', by: '县信访办' }, NOW);
    expect((await projection(db)).queue).toEqual([expect.objectContaining({ feedback_id: ticket.id, is_open: 0 })]);
  });

  it('keeps counts exact under concurrent pushes of two kiosks and county writes in one village', async () => {
    const second = await enrollKiosk(server, VILLAGE, 'second');
    const secondOutbox = new KioskOutbox(second.deviceId, VILLAGE, 2);
    const firstCases = Array.from({ length: 6 }, () => outbox.createCase());
    const secondCases = Array.from({ length: 6 }, () => secondOutbox.createCase());
    await push();
    const sendSecond = (entries: typeof secondOutbox.entries) =>
      postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: second.deviceId, epoch: 1, entries }, { authorization: `Bearer ${second.token}` });
    expect((await sendSecond(secondOutbox.entries)).status).toBe(200);
    const secondPushed = secondOutbox.entries.length;
    // Opposite moves in the two batches (entrusted→accepted here, accepted→… there) touch the same summary rows.
    for (const created of firstCases) outbox.transition(created.caseId, 'accepted');
    for (const created of secondCases) secondOutbox.transition(created.caseId, 'accepted');
    for (const created of secondCases) secondOutbox.transition(created.caseId, 'submitted');
    const db = server.handle.db;
    const dbFor = () => (kind === 'postgres' ? database.open().db : db);
    const results = await Promise.allSettled([
      push(),
      sendSecond(secondOutbox.entries.slice(secondPushed)).then((response) => expect(response.status).toBe(200)),
      ...firstCases.slice(0, 3).map((created) => recordCountyTransition(dbFor(), { receiptNo: created.receiptNo, to: 'declined', reason: '不符合条件', by: '李科长' }, NOW)),
    ]);
    // A county move may lose the race to the kiosk's (then it is illegal); anything else is a failure.
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const incremental = await projection(db);
    expect(incremental.states.reduce((sum, row) => sum + row.count, 0)).toBe(12);
    await dropProjection(db as unknown as Kysely<unknown>);
    await createProjection(db as unknown as Kysely<unknown>);
    expect(await projection(db)).toEqual(incremental);
  });

  it('backfills in the migration exactly what incremental maintenance built', async () => {
    const first = outbox.createCase();
    const second = outbox.createCase();
    outbox.transition(first.caseId, 'accepted');
    outbox.feedback();
    const answered = outbox.feedback();
    await push();
    const db = server.handle.db;
    await recordCountyTransition(db, { receiptNo: second.receiptNo, to: 'declined', reason: '材料不全', by: '李科长' }, NOW);
    await answerFeedback(db, { ticketNo: answered.ticketNo, text: '已处理', by: '县信访办' }, NOW);
    const incremental = await projection(db);
    expect(incremental.cases).toHaveLength(2);
    expect(incremental.queue).toHaveLength(2);

    await dropProjection(db as unknown as Kysely<unknown>);
    await createProjection(db as unknown as Kysely<unknown>);
    expect(await projection(db)).toEqual(incremental);
  });
});
