import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/sync/protocol';
import { readPullState, runPull } from '../../renderer/src/sync/pull';
import { pushPending } from '../../renderer/src/sync/pushOutbox';
import type { SyncClient } from '../../renderer/src/sync/syncClient';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import type { RunningServer } from '../../server/test/http';
import { createDemoCountyDatabase, enrollDevice, startCountyServer, type CountyDatabase } from './support/county';
import { countyRecordsOf, digest, expectPushedExactly } from './support/exactness';
import { installCrashSwitch, RendererKilled, type CrashSwitch, type KillPoint } from './support/kioskCrash';
import { openKiosk, pendingCount, recordWork, seedCatalog, type TestKiosk } from './support/kiosk';
import { expectPulledExactly } from './support/pulledExactness';

/**
 * The renderer killed at the worst moments: in the middle of writing a pull page (first, middle,
 * last page of a first sync), between receiving a page and writing it, and after the county
 * committed a push batch but before the kiosk recorded its answer. After a restart on the same
 * IndexedDB, the sync resumes and ends exact: no page applied twice or skipped, no record twice.
 */
const PULL_LIMIT = 200;

/** A kiosk's client that lets the test act the moment an answer arrives, before the kiosk uses it. */
function watchedClient(inner: SyncClient, hooks: { onPage?: (index: number, page: PullResponse) => void; afterPush?: (index: number) => void }): SyncClient {
  let pages = 0;
  let pushes = 0;
  return {
    async pull(since, limit) {
      const page = await inner.pull(since, limit);
      hooks.onPage?.(pages++, page);
      return page;
    },
    async push(request) {
      const answer = await inner.push(request);
      hooks.afterPush?.(pushes++);
      return answer;
    },
  };
}

describe.each(TEST_DATABASE_KINDS)('the renderer killed mid-sync (%s)', (kind) => {
  let county: CountyDatabase;
  let server: RunningServer;
  let kiosk: TestKiosk | undefined;

  beforeAll(async () => {
    county = await createDemoCountyDatabase(kind);
    server = await startCountyServer(county);
  });
  afterEach(() => {
    kiosk?.close();
    kiosk = undefined;
  });
  afterAll(async () => {
    await server?.close();
    await county?.drop();
  });

  async function enrolledKiosk(name: string): Promise<TestKiosk> {
    kiosk = await openKiosk(county.demo, await enrollDevice(county, server.baseUrl, name));
    return kiosk;
  }

  /** Restarts the kiosk on its IndexedDB with a crash switch on the new connection. */
  function restartWithSwitch(k: TestKiosk): CrashSwitch {
    let crash: CrashSwitch | undefined;
    k.reopen((db) => {
      crash = installCrashSwitch(db);
    });
    if (!crash) throw new Error('no crash switch');
    return crash;
  }

  const KILL_POINTS: Array<{ name: string; page: number | 'last'; at: KillPoint }> = [
    { name: 'page 1, after its first writes', page: 0, at: 3 },
    { name: 'a middle page (5), on its cursor write (its rows all written)', page: 4, at: 'cursor' },
    { name: 'the last page, on its first write', page: 'last', at: 1 },
  ];

  it.each(KILL_POINTS)('killed while writing $name: resumes at the page boundary and ends exact', async ({ page, at }) => {
    const k = await enrolledKiosk(`kill-pull-${String(page)}`);
    const crash = restartWithSwitch(k);
    const sizes: number[] = [];
    let killedAt = page === 'last' ? -1 : page;
    if (page !== 'last') crash.killInPage(page, at);
    const client = watchedClient(k.client(server.baseUrl), {
      onPage(index, answer) {
        sizes.push(answer.changes.length);
        if (page === 'last' && !answer.hasMore) {
          killedAt = index;
          crash.killInPage(index, at);
        }
      },
    });
    await expect(runPull(k.db, client, { limit: PULL_LIMIT, villageCode: county.demo.villageCode })).rejects.toBeInstanceOf(RendererKilled);
    expect(crash.fired).toBe(true);
    expect(killedAt).toBeGreaterThanOrEqual(0);
    /** Changes of the pages before the killed one: exactly what the kiosk must hold now. */
    const committed = sizes.slice(0, killedAt).reduce((sum, n) => sum + n, 0);

    const db = k.reopen();
    const stored = await readPullState(db);
    expect(stored.rowsApplied).toBe(committed);
    expect(await db.disbursements.count()).toBeLessThanOrEqual(committed);
    if (killedAt === 0) expect(stored.cursor).toBe('');

    const resumed = await runPull(db, k.client(server.baseUrl), { limit: PULL_LIMIT, villageCode: county.demo.villageCode });
    expect(resumed.done).toBe(true);
    const done = await readPullState(db);
    // Every change of the snapshot applied exactly once across the two runs.
    expect(stored.rowsApplied + resumed.rows).toBe(done.rowsApplied);
    expect(done.rowsApplied).toBe(done.snapshotTotal);
    await expectPulledExactly(server.handle.db, db, county.demo.villageCode);
  });

  it('killed three times in one first sync (pages 3, 6 and 8, at different writes), restarted each time: exact', async () => {
    const k = await enrolledKiosk('kill-pull-repeated');
    /** Changes of every page written so far, in order, across the runs. */
    const written: number[] = [];
    for (const [killPage, at] of [[2, 1], [5, 2], [7, 'cursor']] as Array<[number, KillPoint]>) {
      const crash = restartWithSwitch(k);
      const firstPage = written.length;
      crash.killInPage(killPage - firstPage, at);
      const sizes: number[] = [];
      const client = watchedClient(k.client(server.baseUrl), { onPage: (_index, answer) => sizes.push(answer.changes.length) });
      await expect(runPull(k.db, client, { limit: PULL_LIMIT, villageCode: county.demo.villageCode })).rejects.toBeInstanceOf(RendererKilled);
      written.push(...sizes.slice(0, killPage - firstPage));
      const after = await readPullState(k.reopen());
      expect(after.rowsApplied).toBe(written.reduce((sum, n) => sum + n, 0));
    }
    const resumed = await runPull(k.db, k.client(server.baseUrl), { limit: PULL_LIMIT, villageCode: county.demo.villageCode });
    expect(resumed.done).toBe(true);
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);
  });

  it.each([
    { name: 'before it records anything', nthWrite: 1 },
    { name: 'half-way through recording the acknowledgements', nthWrite: 4 },
  ])('killed after the county committed batch 2, $name: the resend adds nothing twice', async ({ nthWrite }) => {
    const k = await enrolledKiosk(`kill-push-${nthWrite}`);
    await seedCatalog(k, county.demo);
    await recordWork(k, { cases: 5, tickets: 2 });
    const total = await pendingCount(k);
    const limits = { maxEntries: 10, maxBytes: 2_000_000 };

    const crash = restartWithSwitch(k);
    const client = watchedClient(k.client(server.baseUrl), { afterPush: (index) => index === 1 && crash.killAtWrite(nthWrite) });
    await expect(pushPending(k.db, client, k.identity, limits)).rejects.toBeInstanceOf(RendererKilled);

    const db = k.reopen();
    // The kiosk restarts believing only batch 1 was delivered; the county holds batches 1 and 2.
    expect(await pendingCount(k)).toBe(total - 10);
    const atCounty = await countyRecordsOf(server.handle.db, k.identity.deviceId);
    expect(atCounty.caseEvents.size + atCounty.feedback.size + atCounty.audit.size).toBe(20);
    const before = { events: digest(atCounty.caseEvents), audit: digest(atCounty.audit) };

    const resumed = await pushPending(db, k.client(server.baseUrl), k.identity, limits);
    expect(resumed).toMatchObject({ rejected: 0, remaining: 0 });
    const after = await expectPushedExactly(server.handle.db, db, k.identity.deviceId);
    expect(after.caseEvents.size + after.feedback.size + after.audit.size).toBe(total);
    // What the county held before the resend is unchanged by it.
    const heldBefore = new Map([...after.caseEvents].filter(([id]) => atCounty.caseEvents.has(id)));
    expect(digest(heldBefore)).toEqual(before.events);
    expect(digest(new Map([...after.audit].filter(([seq]) => atCounty.audit.has(seq))))).toEqual(before.audit);
  });
});
