import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import type { RunningServer } from '../../server/test/http';
import { createDemoCountyDatabase, enrollDevice, retireDevice, startCountyServer, type CountyDatabase } from './support/county';
import { expectPushedExactly } from './support/exactness';
import { scriptedSchedule, seededSchedule, startFaultProxy, type Fault, type FaultProxy } from './support/faultProxy';
import { openKiosk, recordWork, seedCatalog, type TestKiosk } from './support/kiosk';
import { syncUntilDone, totalFailures } from './support/syncLoop';

/**
 * A kiosk pushing its outbox through every fault a weak link produces: whatever the proxy does to
 * the requests and answers, the county ends with each record exactly once.
 */
const PUSH = '/api/v1/sync/push';
/** Small batches, so one outbox takes several requests and a fault can hit the middle of a run. */
const PUSH_LIMITS = { maxEntries: 8, maxBytes: 2_000_000 };
const CLIENT_TIMEOUT_MS = 800;

interface FaultCase {
  name: string;
  fault: Fault;
  /** Whether the kiosk sees the fault as a failed call (and retries), or just a slow/odd success. */
  fails: boolean;
}

/** A fault the kiosk should not notice gets a patient client, so a loaded machine does not turn it into a timeout. */
const timeoutFor = (fails: boolean) => (fails ? CLIENT_TIMEOUT_MS : 15_000);

const FAULTS: FaultCase[] = [
  { name: 'the request is dropped before it reaches the county', fault: { kind: 'dropRequest' }, fails: true },
  { name: 'the request is cut half-way and the connection reset', fault: { kind: 'cutRequest' }, fails: true },
  { name: 'the answer is lost after the county committed (lost acknowledgement)', fault: { kind: 'dropResponse' }, fails: true },
  { name: 'the request is delayed', fault: { kind: 'delay', ms: 200 }, fails: false },
  { name: 'the request arrives after the kiosk gave up waiting', fault: { kind: 'delay', ms: 1_500 }, fails: true },
  { name: 'the request is delivered twice at once', fault: { kind: 'duplicate' }, fails: false },
  { name: 'an old request is overtaken by the retry and arrives last', fault: { kind: 'reorder', holdMs: 3_000 }, fails: true },
  { name: 'the answer body is cut short', fault: { kind: 'truncate' }, fails: true },
  { name: 'the connection is reset mid-answer', fault: { kind: 'reset' }, fails: true },
];

describe.each(TEST_DATABASE_KINDS)('push through a faulty link (%s)', (kind) => {
  let county: CountyDatabase;
  let server: RunningServer;
  let proxy: FaultProxy;
  let kiosk: TestKiosk | undefined;

  beforeAll(async () => {
    county = await createDemoCountyDatabase(kind);
    server = await startCountyServer(county);
    proxy = await startFaultProxy(server.baseUrl);
  });
  afterEach(async () => {
    kiosk?.close();
    // More scenarios than a village has station numbers: each frees its kiosk's number.
    if (kiosk) await retireDevice(county, kiosk.identity.deviceId);
    kiosk = undefined;
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await county?.drop();
  });

  async function kioskWithWork(name: string): Promise<TestKiosk> {
    const enrolled = await enrollDevice(county, server.baseUrl, name);
    kiosk = await openKiosk(county.demo, enrolled);
    await seedCatalog(kiosk, county.demo);
    await recordWork(kiosk, { cases: 6, tickets: 3 });
    return kiosk;
  }

  it.each(FAULTS)('$name: every record reaches the county once', async ({ fault, fails }) => {
    const k = await kioskWithWork(`push-${fault.kind}`);
    const before = { ...proxy.applied };
    // The 1st, 3rd and 4th push requests are hit; retries count, so consecutive faults happen too.
    proxy.setSchedule(scriptedSchedule(fault, [0, 2, 3], PUSH));
    const result = await syncUntilDone(k, k.client(proxy.url, { timeoutMs: timeoutFor(fails) }), { pushLimits: PUSH_LIMITS });
    proxy.setSchedule(() => ({ kind: 'none' }));

    expect(proxy.applied[fault.kind] - before[fault.kind]).toBe(3);
    if (fails) expect(totalFailures(result)).toBeGreaterThanOrEqual(1);
    else expect(result.failures).toEqual({});
    // A late copy may still be on its way to the county: let it land before counting.
    await new Promise((r) => setTimeout(r, fault.kind === 'reorder' ? 1_600 : fault.kind === 'delay' ? fault.ms + 100 : 0));
    const county_ = await expectPushedExactly(server.handle.db, k.db, k.identity.deviceId);
    expect(county_.caseEvents.size).toBe(6 * 2 + 3);
    expect(county_.feedback.size).toBe(3);
  });

  it('a seeded mix of every fault, with large batches: exact, and the same seed gives the same faults', async () => {
    const k = await kioskWithWork('push-mix');
    const faults = FAULTS.map((f) => f.fault);
    const before = proxy.forwarded.count;
    proxy.setSchedule(seededSchedule({ seed: 4, faults, rate: 0.6, maxFaults: 12, pathPrefix: PUSH }));
    const result = await syncUntilDone(k, k.client(proxy.url, { timeoutMs: CLIENT_TIMEOUT_MS }), { pushLimits: { maxEntries: 5, maxBytes: 2_000_000 } });
    proxy.setSchedule(() => ({ kind: 'none' }));
    await new Promise((r) => setTimeout(r, 1_600));
    expect(totalFailures(result)).toBeGreaterThanOrEqual(3);
    expect(proxy.forwarded.count - before).toBeGreaterThan(8);
    await expectPushedExactly(server.handle.db, k.db, k.identity.deviceId);
    // The check itself can fail: a record the county lost is caught.
    const lost = (await k.db.caseEvents.toArray()).find((e) => e.type === 'transition')!;
    await server.handle.db.deleteFrom('case_events').where('id', '=', lost.id).execute();
    await expect(expectPushedExactly(server.handle.db, k.db, k.identity.deviceId)).rejects.toThrow(/case events: county \d+ rows ≠ kiosk/);

    const replay = seededSchedule({ seed: 4, faults, rate: 0.6, maxFaults: 12, pathPrefix: PUSH });
    const again = seededSchedule({ seed: 4, faults, rate: 0.6, maxFaults: 12, pathPrefix: PUSH });
    const draw = (s: typeof replay) => Array.from({ length: 30 }, (_, index) => s({ index, method: 'POST', path: PUSH }).kind);
    expect(draw(replay)).toEqual(draw(again));
  });
});
