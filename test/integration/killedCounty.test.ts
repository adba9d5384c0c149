import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addVillage } from '../../server/src/repositories/villages';
import { migrateToLatest } from '../../server/src/db/migrate';
import type { DatabaseHandle } from '../../server/src/db/connection';
import { pushPending } from '../../renderer/src/sync/pushOutbox';
import { SyncHttpError } from '../../renderer/src/sync/syncClient';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../../server/test/pg';
import { demoCounty, enrollDeviceIn } from './support/county';
import { startCountyProcess, type CountyProcess } from './support/countyProcess';
import { countyRecordsOf, expectPushedExactly } from './support/exactness';
import { seededRandom, startFaultProxy, type FaultProxy } from './support/faultProxy';
import { openKiosk, pendingCount, recordWork, seedCatalog, steppingClock, type TestKiosk } from './support/kiosk';

/**
 * The county server process SIGKILLed while it applies 500-entry push batches (no graceful close:
 * a power cut in the server room), restarted on the same database, the kiosk resuming. Each batch
 * is one database transaction, so after every kill the county holds whole batches only, and the
 * end state is exact.
 */
const BATCH = 500;
/** The batch of each push run that is hit by a kill (0 = the run's first). */
const KILL_TARGETS = [0, 1, 1];

describe.each(TEST_DATABASE_KINDS)('the county killed mid-batch (%s)', (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let county: CountyProcess | undefined;
  let kiosk: TestKiosk | undefined;
  let proxy: FaultProxy | undefined;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    handle = database.open();
    await migrateToLatest(handle);
  });
  afterEach(async () => {
    kiosk?.close();
    kiosk = undefined;
    await proxy?.close();
    proxy = undefined;
    await county?.stop();
    county = undefined;
    await database.drop();
  });

  async function lastSeqOf(deviceId: string): Promise<number> {
    const state = await handle.db.selectFrom('device_push_state').select('last_seq').where('device_id', '=', deviceId).executeTakeFirst();
    return Number(state?.last_seq ?? 0);
  }

  it(`SIGKILL at ${KILL_TARGETS.length} seeded moments of a 1,200-entry push, restart, resume: whole batches only, then exact`, async () => {
    const demo = await demoCounty();
    const village = demo.county.villages.find((v) => v.code === demo.villageCode);
    if (!village) throw new Error('no station village');
    await addVillage(handle.db, { code: village.code, name: village.name, townshipCode: village.townshipCode, groups: village.groups });
    county = await startCountyProcess(database);
    kiosk = await openKiosk(demo, await enrollDeviceIn(handle.db, demo.villageCode, county.baseUrl, 'kill-county'));
    await seedCatalog(kiosk, demo);
    // About 280 records over two weeks of the kiosk's days (30 minutes a clock read).
    await recordWork(kiosk, { cases: 220, tickets: 60, clock: steppingClock(new Date(2026, 10, 2, 8, 0, 0), 30 * 60_000) });
    const total = await pendingCount(kiosk);
    expect(total).toBeGreaterThan(2 * BATCH);

    const random = seededRandom(kind === 'sqlite' ? 17 : 23);
    const running = county;
    proxy = await startFaultProxy(running.baseUrl);
    const client = kiosk.client(proxy.url, { timeoutMs: 60_000 });
    const limits = { maxEntries: BATCH, maxBytes: 2_000_000 };

    const outcomes: Array<{ target: number; delay: number; before: number; after: number }> = [];
    // Which batch of the run is hit: the first; then the second, after one went through whole.
    for (const target of KILL_TARGETS) {
      const before = await lastSeqOf(kiosk.identity.deviceId);
      // The kill is timed from the batch's arrival at the county: a few ms in, it is still being
      // parsed, validated and applied. Its answer, if it comes first, is held and lost with the process.
      const delay = Math.floor(random() * 60);
      let pushes = 0;
      let killed: Promise<void> | null = null;
      proxy.setSchedule(({ path }) => {
        if (killed !== null || !path.startsWith('/api/v1/sync/push') || pushes++ < target) return { kind: 'none' };
        killed = new Promise((r) => setTimeout(r, delay)).then(() => running.kill());
        return { kind: 'holdThenDrop', until: killed };
      });
      const failure = await pushPending(kiosk.db, client, kiosk.identity, limits).then(() => null, (error: unknown) => error);
      expect(failure).toBeInstanceOf(SyncHttpError);
      expect((failure as SyncHttpError).kind).toBe('network');
      await killed;
      // Whole batches only: the county's cursor and its rows agree and stand at a batch boundary.
      const after = await lastSeqOf(kiosk.identity.deviceId);
      const held = await countyRecordsOf(handle.db, kiosk.identity.deviceId);
      expect(held.caseEvents.size + held.feedback.size + held.audit.size).toBe(after);
      // The batches before the hit one went through whole; the hit one is all there or not at all.
      expect([before + target * BATCH, Math.min(before + (target + 1) * BATCH, total)]).toContain(after);
      outcomes.push({ target, delay, before, after });
      proxy.setSchedule(() => ({ kind: 'none' }));
      await running.restart();
    }
    // At least one kill landed before its batch committed (the transaction was rolled back).
    expect(outcomes.some((o) => o.after === o.before + o.target * BATCH), JSON.stringify(outcomes)).toBe(true);

    for (let attempt = 0; attempt < 5 && (await pendingCount(kiosk)) > 0; attempt++) {
      await pushPending(kiosk.db, client, kiosk.identity, limits);
    }
    await expectPushedExactly(handle.db, kiosk.db, kiosk.identity.deviceId);
  });
});
