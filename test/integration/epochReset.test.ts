import { afterEach, describe, expect, it } from 'vitest';
import { readPullState, runPull } from '../../renderer/src/sync/pull';
import { createSyncEngine, type SyncEngine } from '../../renderer/src/sync/engine/syncEngine';
import type { SyncStatus } from '../../renderer/src/sync/engine/syncStatus';
import { SyncHttpError } from '../../renderer/src/sync/syncClient';
import { answerFeedback } from '../../server/src/services/feedbackAnswers';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import { enrollDeviceIn } from './support/county';
import { countyRecordsOf, expectPushedExactly } from './support/exactness';
import { openKiosk, pendingCount, recordWork, seedCatalog, type TestKiosk } from './support/kiosk';
import { expectPulledExactly } from './support/pulledExactness';
import { createRestorableCounty, type RestorableCounty } from './support/restorableCounty';
import { syncUntilDone } from './support/syncLoop';

/**
 * The county restored a backup: its database went back in time (the pushes it acknowledged since
 * are gone, its change ids will be handed out again) and its staff ran `epoch bump`. A kiosk that
 * synced before, or was in the middle of its first sync, must notice from the epoch, drop what it
 * pulled, pull again from scratch and send again what the county lost — ending exact both ways.
 * On SQLite (the file copied back) and PostgreSQL (a database copied as a template, put back).
 */
const PULL_LIMIT = 300;
const pullAll = (villageCode: string) => (db: TestKiosk['db'], client: Parameters<typeof runPull>[1]) => runPull(db, client, { limit: PULL_LIMIT, villageCode });

function recordCount(records: Awaited<ReturnType<typeof countyRecordsOf>>): number {
  return records.caseEvents.size + records.feedback.size + records.audit.size;
}

/** The engine as the worker runs it, driven run by run (bounded) until nothing is pending and the pull is complete. */
async function syncWithEngine(kiosk: TestKiosk, county: RestorableCounty): Promise<{ engine: SyncEngine; statuses: SyncStatus[] }> {
  const statuses: SyncStatus[] = [];
  const engine = createSyncEngine({
    db: kiosk.db,
    client: kiosk.client(county.baseUrl),
    deviceId: kiosk.identity.deviceId,
    enrolledEpoch: kiosk.enrolled.epoch,
    villageCode: county.demo.villageCode,
    onStatus: (status) => statuses.push(status),
  });
  try {
    for (let run = 0; run < 30; run++) {
      await engine.runOnce();
      const state = await readPullState(kiosk.db);
      if (engine.status().state === 'idle' && (await pendingCount(kiosk)) === 0 && state.complete) return { engine, statuses };
    }
    throw new Error(`the engine did not settle in 30 runs: ${JSON.stringify(engine.status())}`);
  } finally {
    engine.stop();
  }
}

/**
 * The restart drops the connections the kiosk's fetch kept alive; its first request may fail on
 * one like over a weak link. The engine retries those; a direct call here retries a few times.
 */
async function retryNetwork<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SyncHttpError) || error.code !== 'NETWORK' || attempt >= 3) throw error;
    }
  }
}

describe.each(TEST_DATABASE_KINDS)('the county restored a backup (%s)', (kind) => {
  let county: RestorableCounty | undefined;
  let kiosk: TestKiosk | undefined;

  afterEach(async () => {
    kiosk?.close();
    kiosk = undefined;
    await county?.close();
    county = undefined;
  });

  async function enrolledKiosk(c: RestorableCounty, name: string): Promise<TestKiosk> {
    kiosk = await openKiosk(c.demo, await enrollDeviceIn(c.db, c.demo.villageCode, c.baseUrl, name));
    return kiosk;
  }

  it('after the kiosk synced: it pulls again under the new epoch and re-sends what the restore lost', async () => {
    const c = (county = await createRestorableCounty(kind));
    const k = await enrolledKiosk(c, 'restore-after-sync');
    const pull = pullAll(c.demo.villageCode);
    await syncUntilDone(k, k.client(c.baseUrl), { pull });
    await recordWork(k, { cases: 3, tickets: 1 });
    await syncUntilDone(k, k.client(c.baseUrl), { pull });
    const answered = (await k.db.feedback.toArray())[0];
    if (!answered) throw new Error('no ticket was filed');
    // Answered before the backup: the restored county still holds the answer, so the kiosk keeps it.
    await answerFeedback(c.db, { ticketNo: answered.ticketNo, text: '已转交镇政府', by: '县农业农村局' });
    await syncUntilDone(k, k.client(c.baseUrl), { pull });
    await c.backup();
    const atBackup = recordCount(await countyRecordsOf(c.db, k.identity.deviceId));

    await recordWork(k, { cases: 2, tickets: 2 });
    await syncUntilDone(k, k.client(c.baseUrl), { pull });
    const beforeRestore = recordCount(await countyRecordsOf(c.db, k.identity.deviceId));
    expect(beforeRestore).toBeGreaterThan(atBackup);

    const epoch = await c.restoreBackup();
    expect(epoch).toBe(k.enrolled.epoch + 1);
    expect(recordCount(await countyRecordsOf(c.db, k.identity.deviceId)), 'the restore took the later pushes away').toBe(atBackup);

    const { statuses } = await syncWithEngine(k, c);
    expect((await readPullState(k.db)).epoch).toBe(epoch);
    // The kiosk saw the stale epoch as a push refusal, not as a failure it had to show the agent.
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    const pushed = await expectPushedExactly(c.db, k.db, k.identity.deviceId);
    expect(recordCount(pushed)).toBe(beforeRestore);
    await expectPulledExactly(c.db, k.db, c.demo.villageCode);
    expect((await k.db.feedback.get(answered.id))?.answer?.text).toBe('已转交镇政府');
  });

  it('during the first sync: the pages already written are dropped, the snapshot starts over, nothing is lost', async () => {
    const c = (county = await createRestorableCounty(kind));
    const k = await enrolledKiosk(c, 'restore-during-sync');
    // The backup predates every push of this kiosk: the restore loses all of them.
    await c.backup();
    await seedCatalog(k, c.demo);
    await recordWork(k, { cases: 4, tickets: 2 });
    await syncUntilDone(k, k.client(c.baseUrl));
    const pushedBefore = recordCount(await countyRecordsOf(c.db, k.identity.deviceId));
    expect(pushedBefore).toBeGreaterThan(0);
    const partial = await runPull(k.db, k.client(c.baseUrl), { limit: PULL_LIMIT, maxPages: 3, villageCode: c.demo.villageCode });
    expect(partial.done, 'the demo village must take more than 3 pages').toBe(false);
    const midway = await readPullState(k.db);
    expect(midway).toMatchObject({ epoch: k.enrolled.epoch, complete: false, rowsApplied: partial.rows });

    const epoch = await c.restoreBackup();
    expect(recordCount(await countyRecordsOf(c.db, k.identity.deviceId))).toBe(0);

    // The next page answers under the new epoch: the kiosk resets before writing anything of it.
    const resumed = await retryNetwork(() => runPull(k.db, k.client(c.baseUrl), { limit: PULL_LIMIT, maxPages: 1, villageCode: c.demo.villageCode }));
    expect(resumed).toMatchObject({ reset: true, rows: 0 });
    expect(await readPullState(k.db)).toMatchObject({ cursor: '', rowsApplied: 0, complete: false });
    expect(await k.db.disbursements.count()).toBe(0);
    expect(await pendingCount(k), 'every outbox entry is queued again').toBe(await k.db.outbox.count());

    await syncWithEngine(k, c);
    expect((await readPullState(k.db)).epoch).toBe(epoch);
    const pushed = await expectPushedExactly(c.db, k.db, k.identity.deviceId);
    expect(recordCount(pushed)).toBe(pushedBefore);
    await expectPulledExactly(c.db, k.db, c.demo.villageCode);
  });
});
