import { afterEach, describe, expect, it } from 'vitest';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { runPull } from '../../../renderer/src/sync/pull';
import { VILLAGE_A1 } from '../db/support/countyFixture';
import { dumpDb, freshDb } from '../db/support/testDb';
import { FakeCounty, villageSnapshot } from './pullFixtures';

/**
 * In Chromium a bulkGet of a page's ids costs about as much as writing them, so a first sync must
 * not read rows or households it cannot have. Counted here by wrapping the tables' bulkGet.
 */
function countBulkGets(db: KioskDatabase): { disbursements: number; households: number } {
  const counts = { disbursements: 0, households: 0 };
  for (const name of ['disbursements', 'households'] as const) {
    const table = db[name];
    const original = table.bulkGet.bind(table);
    table.bulkGet = ((keys: string[]) => {
      counts[name] += keys.length;
      return original(keys);
    }) as unknown as typeof table.bulkGet;
  }
  return counts;
}

let db: KioskDatabase;
afterEach(() => db.close());

describe('reads during a pull', () => {
  it('a first sync in one run reads no stored row and no household', async () => {
    db = freshDb();
    const counts = countBulkGets(db);
    const result = await runPull(db, new FakeCounty(villageSnapshot(VILLAGE_A1)), { limit: 4 });
    expect(result.done).toBe(true);
    expect(await db.households.count()).toBeGreaterThan(0);
    expect(counts).toEqual({ disbursements: 0, households: 0 });
  });

  it('a resumed run reads the households once, then relies on what it learnt, with the same result', async () => {
    const reference = freshDb();
    await runPull(reference, new FakeCounty(villageSnapshot(VILLAGE_A1)), { limit: 4 });
    db = freshDb();
    const county = new FakeCounty(villageSnapshot(VILLAGE_A1));
    // Stop inside the disbursements, so the next run starts with households on disk.
    await runPull(db, county, { limit: 4, maxPages: 4 });
    const counts = countBulkGets(db);
    await runPull(db, county, { limit: 4 });
    const households = await db.households.count();
    expect(counts.households).toBeGreaterThan(0);
    expect(counts.households).toBeLessThanOrEqual(households);
    expect(counts.disbursements).toBe(0);
    expect(await dumpDb(db)).toEqual(await dumpDb(reference));
    reference.close();
  });
});
