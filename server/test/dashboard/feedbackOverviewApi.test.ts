import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedbackQueuePageSchema, feedbackQueueRowSchema } from '../../../shared/dashboard/feedback';
import { overviewResponseSchema, villagesResponseSchema } from '../../../shared/dashboard/overview';
import { feedbackAnswerSchema } from '../../../shared/sync/pullStreams';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { DashboardCounty, EAST, NORTH, WEST } from './casesFixture';
import { signIn, TEST_STAFF_PASSWORD } from './staffFixtures';

const DAY = 86_400_000;
const MINUTE = 60_000;

describe.each(TEST_DATABASE_KINDS)('dashboard feedback queue and overview (%s)', (kind) => {
  let database: TestDatabase;
  let county: DashboardCounty;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    county = await DashboardCounty.start(database);
  });
  afterEach(async () => {
    await county.close();
    await database.drop();
  });

  /** The staff sessions would expire over days: sign in again after moving the clock far. */
  async function resignIn(): Promise<void> {
    for (const role of ['viewer', 'clerk'] as const) county.staff.set(role, await signIn(county.server.baseUrl, `${role}-user`, TEST_STAFF_PASSWORD));
  }

  it('lists open tickets oldest first with their age, filters them, and answers one to its kiosk', async () => {
    const old = county.east.outbox.feedback();
    old.category = 'objection';
    await county.east.push();
    county.advance(3 * DAY);
    const recent = county.west.outbox.feedback();
    await county.west.push();
    county.advance(DAY + MINUTE);
    await resignIn();

    const queue = feedbackQueuePageSchema.parse((await county.get('/feedback')).body);
    expect(queue.rows.map((row) => [row.id, row.ageDays, row.category, row.villageName])).toEqual([
      [old.id, 4, 'objection', '东村'],
      [recent.id, 1, 'suggestion', '西村'],
    ]);
    expect(queue.rows[0]).toMatchObject({ ticketNo: old.ticketNo, text: old.text, subject: { kind: 'general' }, answer: null });
    expect(feedbackQueuePageSchema.parse((await county.get('/feedback', { category: 'objection' })).body).rows.map((row) => row.id)).toEqual([old.id]);
    expect(feedbackQueuePageSchema.parse((await county.get('/feedback', { village: WEST })).body).rows.map((row) => row.id)).toEqual([recent.id]);
    const firstPage = feedbackQueuePageSchema.parse((await county.get('/feedback', { limit: 1 })).body);
    expect(firstPage.rows.map((row) => row.id)).toEqual([old.id]);
    const secondPage = feedbackQueuePageSchema.parse((await county.get('/feedback', { limit: 1, cursor: firstPage.nextCursor ?? '' })).body);
    expect(secondPage).toMatchObject({ rows: [{ id: recent.id }], nextCursor: null });

    expect((await county.post(`/feedback/${old.id}/answer`, { text: '已核实' }, 'viewer')).status).toBe(403);
    expect((await county.post(`/feedback/${old.id}/answer`, { text: '   ' })).status).toBe(400);
    expect((await county.post('/feedback/00000000-0000-7000-8000-000000000000/answer', { text: '已核实' })).status).toBe(404);
    const answered = await county.post(`/feedback/${old.id}/answer`, { text: '已核实，补发已到账' });
    expect(answered.status).toBe(200);
    expect(feedbackQueueRowSchema.parse(answered.body).answer).toEqual({ text: '已核实，补发已到账', by: 'clerk-user', at: county.now.toISOString() });

    expect(feedbackQueuePageSchema.parse((await county.get('/feedback')).body).rows.map((row) => row.id)).toEqual([recent.id]);
    expect(feedbackQueuePageSchema.parse((await county.get('/feedback', { state: 'answered' })).body).rows.map((row) => row.id)).toEqual([old.id]);
    const pulled = (await county.east.pull()).filter((change) => change.stream === 'feedbackAnswer');
    expect(pulled).toHaveLength(1);
    expect(feedbackAnswerSchema.parse(pulled[0]?.value)).toMatchObject({ feedbackId: old.id, state: 'answered', answer: { text: '已核实，补发已到账', by: 'clerk-user' } });
    expect((await county.west.pull()).filter((change) => change.stream === 'feedbackAnswer')).toEqual([]);
  });

  it('counts open, overdue and completed cases, open objections and stale villages', async () => {
    const outbox = county.east.outbox;
    const overdue = outbox.createCase();
    overdue.deadline = '2026-12-10';
    const onTime = outbox.createCase();
    onTime.deadline = '2027-01-10';
    onTime.recordedAt = '2026-10-03T09:00:00+08:00';
    const done = outbox.createCase();
    done.deadline = '2026-12-01';
    outbox.transition(done.caseId, 'accepted');
    outbox.transition(done.caseId, 'submitted');
    outbox.transition(done.caseId, 'completed');
    const objection = outbox.feedback();
    objection.category = 'objection';
    outbox.feedback();
    await county.east.push();
    const westCase = county.west.outbox.createCase();
    westCase.deadline = '2026-12-01';
    await county.west.push();
    // The west kiosk then falls silent for eight days; the east one keeps syncing.
    county.advance(8 * DAY);
    await county.east.pull();
    await resignIn();

    const { status, body } = await county.get('/overview');
    expect(status).toBe(200);
    const overview = overviewResponseSchema.parse(body);
    expect(overview.today).toBe(county.now.toISOString().slice(0, 10));
    const byCode = new Map(overview.villages.map((village) => [village.code, village]));
    expect(byCode.get(EAST)).toMatchObject({ name: '东村', devices: 1, cases: { open: 2, overdue: 1, completed: 1 }, openObjections: 1, stale: false, lastSyncAt: county.now.toISOString() });
    expect(byCode.get(WEST)).toMatchObject({ devices: 1, cases: { open: 1, overdue: 1, completed: 0 }, openObjections: 0, stale: true });
    expect(byCode.get(NORTH)).toMatchObject({ devices: 0, lastSyncAt: null, cases: { open: 0, overdue: 0, completed: 0 }, stale: true, fundDataAsOf: null });
    expect(overview.totals).toEqual({ villages: 3, devices: 2, staleVillages: 2, cases: { open: 3, overdue: 2, completed: 1 }, openObjections: 1 });
    expect(overview.charts.casesByItemMonth).toEqual([
      { itemCode: 'MZ001', itemName: '低保申请', month: '2026-10', count: 1 },
      { itemCode: 'MZ001', itemName: '低保申请', month: '2026-11', count: 3 },
    ]);

    const villages = villagesResponseSchema.parse((await county.get('/villages')).body);
    expect(villages.villages.map((village) => village.code)).toEqual([EAST, WEST, NORTH]);
  });
});
