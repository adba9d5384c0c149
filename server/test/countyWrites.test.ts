import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldCase } from '../../shared/cases/fold';
import { caseEventSchema, type CaseEvent } from '../../shared/domain/case';
import { feedbackAnswerSchema } from '../../shared/sync/pullStreams';
import { pullResponseSchema, pushResponseSchema, type EnrollResponse, type PullResponse } from '../../shared/sync/protocol';
import { addVillage } from '../src/repositories/villages';
import { countyAuthorId, recordCountyTransition } from '../src/services/countyCaseEvents';
import { CountyWriteError } from '../src/services/countyWriteError';
import { answerFeedback } from '../src/services/feedbackAnswers';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { enrollKiosk, KioskOutbox } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';
const NOW = new Date('2026-11-28T02:00:00.000Z');

describe.each(TEST_DATABASE_KINDS)('county writes on village records (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let kiosk: EnrollResponse;
  let otherKiosk: EnrollResponse;
  let outbox: KioskOutbox;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    kiosk = await enrollKiosk(server, VILLAGE);
    otherKiosk = await enrollKiosk(server, OTHER_VILLAGE);
    outbox = new KioskOutbox(kiosk.deviceId, VILLAGE);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function pushOutbox(): Promise<void> {
    const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: kiosk.deviceId, epoch: 1, entries: outbox.entries }, { authorization: `Bearer ${kiosk.token}` });
    expect(response.status).toBe(200);
    expect(pushResponseSchema.parse(await response.json()).rejected).toEqual([]);
  }

  async function pullAll(as: EnrollResponse): Promise<PullResponse['changes']> {
    const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=`, { headers: { authorization: `Bearer ${as.token}` } });
    expect(response.status).toBe(200);
    return pullResponseSchema.parse(await response.json()).changes;
  }

  async function storedEvents(caseId: string): Promise<CaseEvent[]> {
    const rows = await server.handle.db.selectFrom('case_events').select('body').where('case_id', '=', caseId).execute();
    return rows.map((r) => caseEventSchema.parse(JSON.parse(r.body)));
  }

  async function tableCounts(): Promise<Record<string, number>> {
    const db = server.handle.db;
    const counts: Record<string, number> = {};
    for (const table of ['case_events', 'changes', 'county_authors', 'feedback_answers'] as const) {
      counts[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    }
    return counts;
  }

  it('records a county transition after the kiosk’s newest event and publishes it to the case’s village only', async () => {
    const created = outbox.createCase();
    const accepted = outbox.transition(created.caseId, 'accepted');
    await pushOutbox();

    const result = await recordCountyTransition(server.handle.db, { receiptNo: created.receiptNo, to: 'submitted', by: '李科长' }, NOW);
    expect(result.from).toBe('accepted');
    expect(result.event).toMatchObject({
      caseId: created.caseId,
      author: { kind: 'county', id: countyAuthorId('李科长') },
      authorSeq: 1,
      parentId: accepted.id,
      actorName: '李科长',
      type: 'transition',
      to: 'submitted',
      recordedAt: NOW.toISOString(),
    });
    const row = await server.handle.db.selectFrom('case_events').selectAll().where('id', '=', result.event.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ village_code: VILLAGE, device_id: null, type: 'transition' });
    expect(foldCase(await storedEvents(created.caseId)).state).toBe('submitted');

    const pulled = (await pullAll(kiosk)).filter((c) => c.stream === 'caseEvent');
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({ op: 'put', key: result.event.id });
    expect(caseEventSchema.parse(pulled[0]?.value)).toEqual(result.event);
    expect((await pullAll(otherKiosk)).filter((c) => c.stream === 'caseEvent')).toEqual([]);
  });

  it('numbers each county author’s events gap-free; a refused move takes no number', async () => {
    const first = outbox.createCase();
    const second = outbox.createCase();
    await pushOutbox();
    const move = (receiptNo: string, to: 'accepted' | 'submitted' | 'completed' | 'declined', by: string, reason = '') =>
      recordCountyTransition(server.handle.db, { receiptNo, to, by, reason }, NOW);

    expect((await move(first.receiptNo, 'accepted', '李科长')).event.authorSeq).toBe(1);
    await expect(move(first.receiptNo, 'completed', '李科长')).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await expect(move(second.receiptNo, 'declined', '李科长')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    expect((await move(second.receiptNo, 'accepted', '李科长')).event.authorSeq).toBe(2);
    expect((await move(first.receiptNo, 'submitted', '赵干事')).event.authorSeq).toBe(1);
    expect((await move(first.receiptNo, 'completed', '李科长')).event.authorSeq).toBe(3);
    expect(foldCase(await storedEvents(first.caseId)).history.map((h) => [h.to, h.actorName])).toEqual([
      ['entrusted', '王会计'], ['accepted', '李科长'], ['submitted', '赵干事'], ['completed', '李科长'],
    ]);
  });

  it('gives concurrent moves by one author distinct, gap-free numbers', async () => {
    const receipts = Array.from({ length: 6 }, () => outbox.createCase().receiptNo);
    await pushOutbox();
    // PostgreSQL: each call on its own connection so the transactions really overlap. SQLite: one
    // connection, as in the server (better-sqlite3 is synchronous: two in one process would deadlock).
    const dbFor = () => (kind === 'postgres' ? database.open().db : server.handle.db);
    const results = await Promise.all(receipts.map((receiptNo) => recordCountyTransition(dbFor(), { receiptNo, to: 'accepted', by: '李科长' }, NOW)));
    expect(results.map((r) => r.event.authorSeq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses an unknown receipt, a feedback number and a bad state, changing nothing', async () => {
    const created = outbox.createCase();
    await pushOutbox();
    const before = await tableCounts();
    await expect(recordCountyTransition(server.handle.db, { receiptNo: 'DB-130123104201-261127-999', to: 'accepted', by: '李科长' })).rejects.toBeInstanceOf(CountyWriteError);
    await expect(recordCountyTransition(server.handle.db, { receiptNo: created.receiptNo.replace('DB-', 'YJ-'), to: 'accepted', by: '李科长' })).rejects.toThrow(/starts with DB-/);
    await expect(recordCountyTransition(server.handle.db, { receiptNo: created.receiptNo, to: 'nowhere' as never, by: '李科长' })).rejects.toThrow();
    await expect(recordCountyTransition(server.handle.db, { receiptNo: created.receiptNo, to: 'accepted', by: '  ' })).rejects.toThrow();
    expect(await tableCounts()).toEqual(before);
  });

  it('publishes an answer to a ticket; a new answer supersedes the old one in the log', async () => {
    const ticket = outbox.feedback();
    await pushOutbox();
    const first = await answerFeedback(server.handle.db, { ticketNo: ticket.ticketNo, text: '已转交县农业农村局核实', by: '县信访办' }, NOW);
    expect(first).toEqual({ villageCode: VILLAGE, answer: { feedbackId: ticket.id, state: 'answered', answer: { text: '已转交县农业农村局核实', by: '县信访办', at: NOW.toISOString() } } });

    const later = new Date(NOW.getTime() + 60_000);
    await answerFeedback(server.handle.db, { ticketNo: ticket.ticketNo, text: '核实无误，补发已到账', by: '县信访办' }, later);
    const answers = (await pullAll(kiosk)).filter((c) => c.stream === 'feedbackAnswer');
    expect(answers).toHaveLength(1);
    expect(answers[0]?.key).toBe(ticket.id);
    expect(feedbackAnswerSchema.strict().parse(answers[0]?.value).answer.text).toBe('核实无误，补发已到账');
    expect((await pullAll(otherKiosk)).filter((c) => c.stream === 'feedbackAnswer')).toEqual([]);
    const stored = await server.handle.db.selectFrom('feedback_answers').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.answered_at).toBe(later.toISOString());
  });

  it('refuses an unknown ticket or an empty answer, changing nothing', async () => {
    const ticket = outbox.feedback();
    await pushOutbox();
    const before = await tableCounts();
    await expect(answerFeedback(server.handle.db, { ticketNo: 'YJ-130123104201-261127-999', text: '好', by: '县信访办' })).rejects.toMatchObject({ code: 'UNKNOWN_TICKET' });
    await expect(answerFeedback(server.handle.db, { ticketNo: ticket.ticketNo, text: '   ', by: '县信访办' })).rejects.toThrow();
    await expect(answerFeedback(server.handle.db, { ticketNo: ticket.ticketNo, text: 'x'.repeat(2001), by: '县信访办' })).rejects.toThrow();
    expect(await tableCounts()).toEqual(before);
  });
});
