import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPull } from '../../renderer/src/sync/pull';
import { recordCountyTransition } from '../../server/src/services/countyCaseEvents';
import { answerFeedback } from '../../server/src/services/feedbackAnswers';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import type { RunningServer } from '../../server/test/http';
import { createDemoCountyDatabase, enrollDevice, startCountyServer, type CountyDatabase } from './support/county';
import { expectPushedExactly } from './support/exactness';
import { seededSchedule, startFaultProxy, type FaultProxy } from './support/faultProxy';
import { openKiosk, recordWork, type TestKiosk } from './support/kiosk';
import { expectPulledExactly } from './support/pulledExactness';
import { syncUntilDone, totalFailures, type PullRun } from './support/syncLoop';

/**
 * Two kiosks enrolled in one village, recording and syncing at the same time through one faulty
 * link. The county holds each device's records once, under that device; each kiosk pulls what the
 * county serves the village — county data, and county events and answers — and never the other
 * kiosk's own records (the county does not relay village records between stations).
 */
describe.each(TEST_DATABASE_KINDS)('two kiosks in one village (%s)', (kind) => {
  let county: CountyDatabase;
  let server: RunningServer;
  let proxy: FaultProxy;
  const kiosks: TestKiosk[] = [];

  beforeAll(async () => {
    county = await createDemoCountyDatabase(kind);
    server = await startCountyServer(county);
    proxy = await startFaultProxy(server.baseUrl);
  });
  afterEach(() => {
    for (const k of kiosks.splice(0)) k.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await county?.drop();
  });

  it('interleaved records and concurrent syncs under faults: each device\'s records once; each pulls county data and county events only', async () => {
    const [a, b] = await Promise.all(['east-hall', 'west-hall'].map(async (name) => openKiosk(county.demo, await enrollDevice(county, server.baseUrl, name))));
    kiosks.push(a!, b!);
    const pull: PullRun = (db, c) => runPull(db, c, { limit: 250, villageCode: county.demo.villageCode });
    proxy.setSchedule(seededSchedule({ seed: 99, faults: [{ kind: 'dropResponse' }, { kind: 'duplicate' }, { kind: 'reorder', holdMs: 400 }, { kind: 'reset' }, { kind: 'delay', ms: 120 }], rate: 0.35, maxFaults: 16 }));
    const clients = [a!, b!].map((k) => k.client(proxy.url, { timeoutMs: 1_500 }));
    const limits = { maxEntries: 6, maxBytes: 2_000_000 };
    const sync = (i: 0 | 1) => syncUntilDone([a!, b!][i]!, clients[i]!, { pull, pushLimits: limits });

    // Both first syncs at once, then the agents work turn by turn, syncing concurrently between turns.
    const firsts = await Promise.all([sync(0), sync(1)]);
    for (let turn = 0; turn < 3; turn++) {
      await recordWork(a!, { cases: 2, tickets: 1 });
      await recordWork(b!, { cases: 1, tickets: 1 });
      await Promise.all([sync(0), sync(1)]);
    }
    proxy.setSchedule(() => ({ kind: 'none' }));
    expect(firsts.reduce((n, r) => n + totalFailures(r), 0) + proxy.applied.dropResponse + proxy.applied.duplicate).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));

    const atCountyA = await expectPushedExactly(server.handle.db, a!.db, a!.identity.deviceId);
    const atCountyB = await expectPushedExactly(server.handle.db, b!.db, b!.identity.deviceId);
    expect([atCountyA.caseEvents.size, atCountyB.caseEvents.size]).toEqual([3 * (2 * 2 + 1), 3 * (1 * 2)]);
    // The two devices' records are disjoint at the county: no record counted under both.
    expect([...atCountyA.caseEvents.keys()].filter((id) => atCountyB.caseEvents.has(id))).toEqual([]);

    // The county acts on a case and a ticket of each kiosk. Two stations number their receipts
    // independently (same village, same day, each from 001), so a number may be held by both: the
    // county must then refuse to guess (AMBIGUOUS_…) and change nothing.
    const db = server.handle.db;
    const holders = async (receiptNo: string) => (await db.selectFrom('case_events').select('id').where('type', '=', 'created').where('body', 'like', `%"receiptNo":"${receiptNo}"%`).execute()).length;
    const ticketHolders = async (ticketNo: string) => (await db.selectFrom('feedback').select('id').where('body', 'like', `%"ticketNo":"${ticketNo}"%`).execute()).length;
    const outcomes: string[] = [];
    for (const k of [a!, b!]) {
      const accepted = (await k.db.cases.toArray()).filter((c) => c.state === 'accepted');
      const target = (await Promise.all(accepted.map(async (c) => ({ c, n: await holders(c.receiptNo) })))).sort((x, y) => x.n - y.n)[0]!;
      const changesBefore = (await db.selectFrom('changes').select('id').execute()).length;
      const moved = await recordCountyTransition(db, { receiptNo: target.c.receiptNo, to: 'submitted', by: '县民政局 李四' }).then(() => 'moved', (e: { code?: string }) => e.code ?? 'error');
      expect(moved).toBe(target.n === 1 ? 'moved' : 'AMBIGUOUS_RECEIPT');
      if (moved !== 'moved') expect((await db.selectFrom('changes').select('id').execute()).length).toBe(changesBefore);
      const ticket = (await k.db.feedback.toArray()).at(-1)!;
      const n = await ticketHolders(ticket.ticketNo);
      const answered = await answerFeedback(db, { ticketNo: ticket.ticketNo, text: '收到', by: '县政务服务中心' }).then(() => 'answered', (e: { code?: string }) => e.code ?? 'error');
      expect(answered).toBe(n === 1 ? 'answered' : 'AMBIGUOUS_TICKET');
      outcomes.push(moved, answered);
    }
    // Station A's last numbers of the day are its own: at least its case and ticket are reachable.
    expect(outcomes.slice(0, 2)).toEqual(['moved', 'answered']);
    await Promise.all([sync(0), sync(1)]);

    for (const [self, other] of [[a!, b!], [b!, a!]] as const) {
      await expectPulledExactly(server.handle.db, self.db, county.demo.villageCode);
      // Never the other kiosk's own records: only county-authored events and answers arrive.
      const foreign = (await self.db.caseEvents.toArray()).filter((e) => e.author.kind === 'device' && e.author.id !== self.identity.deviceId);
      expect(foreign).toEqual([]);
      const otherCases = await other.db.cases.toCollection().primaryKeys();
      expect((await self.db.cases.toArray()).filter((c) => otherCases.includes(c.id))).toEqual([]);
    }
  });
});
