import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCase } from '../../shared/cases/fold';
import { caseEventSchema, type CaseRecord } from '../../shared/domain/case';
import { transitionCase } from '../../renderer/src/db/repositories/cases';
import { runPull } from '../../renderer/src/sync/pull';
import { recordCountyTransition } from '../../server/src/services/countyCaseEvents';
import { answerFeedback } from '../../server/src/services/feedbackAnswers';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import type { RunningServer } from '../../server/test/http';
import { createDemoCountyDatabase, enrollDevice, startCountyServer, type CountyDatabase } from './support/county';
import { expectPushedExactly } from './support/exactness';
import { AGENT, openKiosk, recordWork, type KioskClock, type TestKiosk } from './support/kiosk';
import { expectPulledExactly } from './support/pulledExactness';
import { syncUntilDone, type PullRun } from './support/syncLoop';

/**
 * A kiosk whose clock is years off — five years ahead for one event, five years behind for the
 * next — so every wall-clock order (recordedAt, the time part of the uuidv7 ids, audit `at`) is
 * scrambled. Neither the kiosk's fold nor the county may order by it: after syncing both ways, and
 * with county events (at the county's true time) on the same cases, the county's fold of what it
 * holds and the kiosk's cases agree, and both follow the order the agent acted in.
 */
const FIVE_YEARS_MS = 5 * 365 * 24 * 3_600_000;

function alternatingClock(): KioskClock {
  let tick = 0;
  return () => new Date(Date.now() + (tick++ % 2 === 0 ? FIVE_YEARS_MS : -FIVE_YEARS_MS));
}

function essence(record: CaseRecord) {
  return { state: record.state, headEventId: record.headEventId, history: record.history.map((h) => [h.eventId, h.to]), rejected: record.rejectedEventIds };
}

describe.each(TEST_DATABASE_KINDS)('a kiosk clock years off (%s)', (kind) => {
  let county: CountyDatabase;
  let server: RunningServer;
  let kiosk: TestKiosk | undefined;

  beforeAll(async () => {
    county = await createDemoCountyDatabase(kind);
    server = await startCountyServer(county);
  });
  afterAll(async () => {
    kiosk?.close();
    await server?.close();
    await county?.drop();
  });

  it('records made 5 years ahead and 5 years behind sync exactly, and county and kiosk fold the cases alike', async () => {
    kiosk = await openKiosk(county.demo, await enrollDevice(county, server.baseUrl, 'skewed'));
    const k = kiosk;
    const client = k.client(server.baseUrl);
    const pull: PullRun = (db, c) => runPull(db, c, { limit: 500, villageCode: county.demo.villageCode });
    await syncUntilDone(k, client, { pull });

    const made = await recordWork(k, { cases: 6, tickets: 4, clock: alternatingClock() });
    await syncUntilDone(k, client, { pull });

    // The skew really scrambled wall-clock order: a later event of a case carries an earlier time.
    const events = await k.db.caseEvents.toArray();
    const firstCase = events.filter((e) => e.caseId === made.caseIds[0]).sort((a, b) => a.authorSeq - b.authorSeq);
    expect(firstCase.map((e) => e.recordedAt.slice(0, 4))).toEqual([String(new Date().getFullYear() + 5), String(new Date().getFullYear() - 5)]);
    expect(firstCase[1]!.id < firstCase[0]!.id).toBe(true);

    // The county acts on the cases and answers a ticket at its own (true) time.
    const cases = await k.db.cases.bulkGet(made.caseIds);
    const submitted = cases.filter((c) => c?.state === 'submitted');
    const accepted = cases.filter((c) => c?.state === 'accepted');
    expect(submitted.length).toBe(3);
    for (const c of submitted) await recordCountyTransition(server.handle.db, { receiptNo: c!.receiptNo, to: 'completed', by: '县民政局 李四' });
    await recordCountyTransition(server.handle.db, { receiptNo: accepted[0]!.receiptNo, to: 'terminated', reason: '申请人撤回', by: '县民政局 李四' });
    const ticket = await k.db.feedback.get(made.feedbackIds[1]!);
    await answerFeedback(server.handle.db, { ticketNo: ticket!.ticketNo, text: '已延长周六开放时间', by: '县政务服务中心' });

    await syncUntilDone(k, client, { pull });
    expect((await k.db.cases.get(submitted[0]!.id))?.state).toBe('completed');
    // The kiosk, its clock now five years behind the county's event, hands the result back.
    const handedBack = await transitionCase(k.db, submitted[0]!.id, 'handedBack', '', AGENT, { now: new Date(Date.now() - FIVE_YEARS_MS) });
    expect(handedBack.ok).toBe(true);
    await syncUntilDone(k, client, { pull });

    await expectPushedExactly(server.handle.db, k.db, k.identity.deviceId);
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);

    for (const local of await k.db.cases.toArray()) {
      const rows = await server.handle.db.selectFrom('case_events').select('body').where('case_id', '=', local.id).execute();
      const atCounty = foldCase(rows.map((r) => caseEventSchema.parse(JSON.parse(r.body))));
      expect(essence(local)).toEqual(essence(atCounty));
      expect(local.rejectedEventIds).toEqual([]);
    }
    const states = (await k.db.cases.bulkGet(made.caseIds)).map((c) => c?.state);
    expect(states.filter((s) => s === 'completed').length).toBe(2);
    expect(states.filter((s) => s === 'handedBack').length).toBe(1);
    expect(states.filter((s) => s === 'terminated').length).toBe(1);
    expect((await k.db.feedback.get(made.feedbackIds[1]!))?.answer?.text).toBe('已延长周六开放时间');
  });
});
