import { afterEach, describe, expect, it } from 'vitest';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { applyPullPage, isQuotaExceeded, readPullState, runPull, StorageFullError } from '../../../renderer/src/sync/pull';
import { VILLAGE_A1 } from '../db/support/countyFixture';
import { dumpDb, freshDb, freshDbOpener } from '../db/support/testDb';
import { FakeCounty, pagesOf, villageSnapshot } from './pullFixtures';

const opened: KioskDatabase[] = [];
function track(db: KioskDatabase): KioskDatabase {
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('a pull cut short', () => {
  it.each([1, 2, 4, 6])('resumes after a failure on request %i from the stored cursor, with nothing duplicated', async (failing) => {
    const reference = track(freshDb());
    await runPull(reference, new FakeCounty(villageSnapshot(VILLAGE_A1)), { limit: 5 });

    const openKiosk = freshDbOpener();
    let db = track(openKiosk());
    const county = new FakeCounty(villageSnapshot(VILLAGE_A1));
    county.failOnCall.add(failing);
    await expect(runPull(db, county, { limit: 5 })).rejects.toThrow('connection dropped');
    expect((await readPullState(db)).rowsApplied).toBe((failing - 1) * 5);

    // The renderer restarts: a new connection reads the cursor the last page stored.
    db.close();
    db = track(openKiosk());
    const rest = await runPull(db, county, { limit: 5 });
    expect(rest.done).toBe(true);
    expect((failing - 1) * 5 + rest.rows).toBe(county.log.length);
    expect(await dumpDb(db)).toEqual(await dumpDb(reference));
  });
});

describe('a full disk', () => {
  it('turns IndexedDB’s QuotaExceededError into StorageFullError and writes nothing', async () => {
    const db = track(freshDb());
    const [first, second] = pagesOf(villageSnapshot(VILLAGE_A1), 20);
    await applyPullPage(db, first!);
    const before = await dumpDb(db);
    const original = db.disbursements.bulkPut.bind(db.disbursements);
    db.disbursements.bulkPut = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as typeof db.disbursements.bulkPut;
    const error = await applyPullPage(db, second!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(await dumpDb(db)).toEqual(before);

    db.disbursements.bulkPut = original;
    await applyPullPage(db, second!);
    expect((await readPullState(db)).cursor).toBe(second!.next);
  });

  it('recognises the quota error however Dexie wraps it, and nothing else', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaExceeded(quota)).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', inner: quota })).toBe(true);
    expect(isQuotaExceeded({ name: 'BulkError', failures: { 3: quota } })).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', inner: { name: 'BulkError', failures: [quota] } })).toBe(true);
    expect(isQuotaExceeded(new DOMException('gone', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
  });
});
