import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPull } from '../../renderer/src/sync/pull';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import type { RunningServer } from '../../server/test/http';
import { createDemoCountyDatabase, enrollDevice, startCountyServer, type CountyDatabase } from './support/county';
import { expectPushedExactly } from './support/exactness';
import { scriptedSchedule, seededSchedule, startFaultProxy, type Fault, type FaultProxy } from './support/faultProxy';
import { openKiosk, recordWork, type TestKiosk } from './support/kiosk';
import { expectPulledExactly } from './support/pulledExactness';
import { syncUntilDone, totalFailures, type PullRun } from './support/syncLoop';

/**
 * A kiosk's first sync (many pages of a small demo county) through every fault a weak link
 * produces: the kiosk ends with exactly the county's latest values, no row twice, no row missing,
 * and its derived summaries and households consistent with its rows.
 */
const PULL = '/api/v1/sync/pull';
const PULL_LIMIT = 200;
const CLIENT_TIMEOUT_MS = 800;

const FAULTS: Array<{ name: string; fault: Fault; fails: boolean }> = [
  { name: 'a page request is dropped', fault: { kind: 'dropRequest' }, fails: true },
  { name: 'a page is served but lost on the way back', fault: { kind: 'dropResponse' }, fails: true },
  { name: 'a page request is delayed', fault: { kind: 'delay', ms: 150 }, fails: false },
  { name: 'a page request is delivered twice', fault: { kind: 'duplicate' }, fails: false },
  { name: 'an old page request arrives after its retry', fault: { kind: 'reorder', holdMs: 3_000 }, fails: true },
  { name: 'a page is cut short', fault: { kind: 'truncate' }, fails: true },
  { name: 'the connection is reset mid-page', fault: { kind: 'reset' }, fails: true },
];

describe.each(TEST_DATABASE_KINDS)('first sync through a faulty link (%s)', (kind) => {
  let county: CountyDatabase;
  let server: RunningServer;
  let proxy: FaultProxy;
  let kiosk: TestKiosk | undefined;

  beforeAll(async () => {
    county = await createDemoCountyDatabase(kind);
    server = await startCountyServer(county);
    proxy = await startFaultProxy(server.baseUrl);
  });
  afterEach(() => {
    kiosk?.close();
    kiosk = undefined;
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await county?.drop();
  });

  async function enrolledKiosk(name: string): Promise<TestKiosk> {
    kiosk = await openKiosk(county.demo, await enrollDevice(county, server.baseUrl, name));
    return kiosk;
  }

  const pull: PullRun = (db, client) => runPull(db, client, { limit: PULL_LIMIT, villageCode: county.demo.villageCode });

  it('without faults: a first sync takes many pages and ends exact', async () => {
    const k = await enrolledKiosk('pull-clean');
    const client = k.client(server.baseUrl);
    const run = await runPull(k.db, client, { limit: PULL_LIMIT, villageCode: county.demo.villageCode });
    expect(run.done).toBe(true);
    expect(run.pages).toBeGreaterThanOrEqual(8);
    const latest = await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);
    expect(latest.disbursement.size).toBeGreaterThan(1_000);
    // Nothing new at the county: the next run asks once and applies nothing.
    expect(await runPull(k.db, client, { limit: PULL_LIMIT })).toMatchObject({ pages: 1, rows: 0, done: true });

    // The check itself can fail: one lost row, or one row counted twice in a summary, is caught.
    const row = (await k.db.disbursements.limit(1).toArray())[0]!;
    await k.db.disbursements.delete(row.id);
    await expect(expectPulledExactly(server.handle.db, k.db, county.demo.villageCode)).rejects.toThrow(/pulled disbursement/);
    await k.db.disbursements.put(row);
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);
    await k.db.programSummaries.update(row.programId, { rows: ((await k.db.programSummaries.get(row.programId))?.rows ?? 0) + 1 });
    await expect(expectPulledExactly(server.handle.db, k.db, county.demo.villageCode)).rejects.toThrow();
  });

  it.each(FAULTS)('$name (pages 2, 5 and 6): the kiosk ends with the county\'s values exactly', async ({ fault, fails }) => {
    const k = await enrolledKiosk(`pull-${fault.kind}`);
    const before = proxy.applied[fault.kind];
    proxy.setSchedule(scriptedSchedule(fault, [1, 4, 5], PULL));
    // A fault the kiosk should not notice gets a patient client: a loaded machine must not turn it into a timeout.
    const result = await syncUntilDone(k, k.client(proxy.url, { timeoutMs: fails ? CLIENT_TIMEOUT_MS : 15_000 }), { pull });
    proxy.setSchedule(() => ({ kind: 'none' }));
    expect(proxy.applied[fault.kind] - before).toBe(3);
    if (fails) expect(totalFailures(result)).toBeGreaterThanOrEqual(1);
    else expect(result.failures).toEqual({});
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);
  });

  it('a seeded mix of every fault on pull and push, with records made between syncs: exact both ways', async () => {
    const k = await enrolledKiosk('pull-mix');
    const faults = FAULTS.map((f) => f.fault);
    proxy.setSchedule(seededSchedule({ seed: 11, faults, rate: 0.5, maxFaults: 14 }));
    const client = k.client(proxy.url, { timeoutMs: CLIENT_TIMEOUT_MS });
    const first = await syncUntilDone(k, client, { pull });
    // The agent works with the catalog the first sync brought, then the kiosk syncs again.
    await recordWork(k, { cases: 4, tickets: 2 });
    const second = await syncUntilDone(k, client, { pull, pushLimits: { maxEntries: 4, maxBytes: 2_000_000 } });
    proxy.setSchedule(() => ({ kind: 'none' }));
    await new Promise((r) => setTimeout(r, 1_600));
    expect(totalFailures(first) + totalFailures(second)).toBeGreaterThanOrEqual(3);
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);
    await expectPushedExactly(server.handle.db, k.db, k.identity.deviceId);
  });
});
