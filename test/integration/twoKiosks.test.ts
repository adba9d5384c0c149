import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPull } from '../../renderer/src/sync/pull';
import { localPartOf, stationNoOf } from '../../shared/cases/receiptNo';
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
 * kiosk's own records (the county does not relay village records between stations). Each kiosk is
 * its own station of the village, so the county can act on every record of both by its number.
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

    // Each kiosk numbers its receipts as its own station of the village (1 and 2), so no number —
    // nor the 9-digit part a resident types — is held by both, and the county acts on every case
    // and ticket of either station by its number alone.
    expect([a!.enrolled.stationNo, b!.enrolled.stationNo].sort()).toEqual([1, 2]);
    const numbersOf = async (k: TestKiosk) => [...(await k.db.cases.toArray()).map((c) => c.receiptNo), ...(await k.db.feedback.toArray()).map((f) => f.ticketNo)];
    const [numbersA, numbersB] = [await numbersOf(a!), await numbersOf(b!)];
    expect(numbersA.map(stationNoOf)).toEqual(numbersA.map(() => a!.enrolled.stationNo));
    expect(numbersB.map(stationNoOf)).toEqual(numbersB.map(() => b!.enrolled.stationNo));
    const localA = new Set(numbersA.map(localPartOf));
    expect(numbersB.map(localPartOf).filter((n) => localA.has(n))).toEqual([]);

    const db = server.handle.db;
    const NEXT = { accepted: 'submitted', submitted: 'completed' } as const;
    const expectedStates = new Map<string, string>();
    for (const k of [a!, b!]) {
      for (const c of await k.db.cases.toArray()) {
        if (c.state !== 'accepted' && c.state !== 'submitted') throw new Error(`unexpected state ${c.state}`);
        const moved = await recordCountyTransition(db, { receiptNo: c.receiptNo, to: NEXT[c.state], by: '县民政局 李四' });
        expect([moved.event.caseId, moved.from]).toEqual([c.id, c.state]);
        expectedStates.set(c.id, NEXT[c.state]);
      }
      for (const ticket of await k.db.feedback.toArray()) {
        const answered = await answerFeedback(db, { ticketNo: ticket.ticketNo, text: `收到 ${ticket.localNo}`, by: '县政务服务中心' });
        expect(answered.answer.feedbackId).toBe(ticket.id);
      }
    }
    await Promise.all([sync(0), sync(1)]);

    for (const [self, other] of [[a!, b!], [b!, a!]] as const) {
      await expectPulledExactly(server.handle.db, self.db, county.demo.villageCode);
      // Never the other kiosk's own records: only county-authored events and answers arrive.
      const foreign = (await self.db.caseEvents.toArray()).filter((e) => e.author.kind === 'device' && e.author.id !== self.identity.deviceId);
      expect(foreign).toEqual([]);
      const otherCases = await other.db.cases.toCollection().primaryKeys();
      expect((await self.db.cases.toArray()).filter((c) => otherCases.includes(c.id))).toEqual([]);
      // Every county action reached the station whose record it was.
      const cases = await self.db.cases.toArray();
      expect(cases.map((c) => c.state)).toEqual(cases.map((c) => expectedStates.get(c.id)));
      const tickets = await self.db.feedback.toArray();
      expect(tickets.map((f) => [f.state, f.answer?.text])).toEqual(tickets.map((f) => ['answered', `收到 ${f.localNo}`]));
    }
  });
});
