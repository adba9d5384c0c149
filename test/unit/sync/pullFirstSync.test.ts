import { afterEach, describe, expect, it } from 'vitest';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { applyPullPage, readPullState, runPull, type PullProgress } from '../../../renderer/src/sync/pull';
import { countyFiles, manifest, programs, rows, VILLAGE_A1, VILLAGE_A2 } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';
import { FakeCounty, pagesOf, villageSnapshot, withoutRankCounter } from './pullFixtures';

const opened: KioskDatabase[] = [];
function open(): KioskDatabase {
  const db = freshDb();
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** Every county-owned table in key order, summaries without the pull's rank counter. */
async function countyData(db: KioskDatabase) {
  return {
    programs: await db.programs.toArray(),
    disbursements: await db.disbursements.toArray(),
    households: await db.households.toArray(),
    summaries: (await db.programSummaries.toArray()).map(withoutRankCounter),
    projects: await db.projects.toArray(),
    notices: await db.notices.toArray(),
    serviceItems: await db.serviceItems.toArray(),
    holidays: await db.holidays.toArray(),
    dataAsOf: await getMeta(db, 'dataAsOf'),
    county: await getMeta(db, 'county'),
    scope: await getMeta(db, 'scope'),
  };
}

describe('a first sync from an empty kiosk', () => {
  it('leaves the kiosk exactly as the folder import of the same data does, over several pages', async () => {
    const imported = open();
    await importCountyData(imported, createTextSource(countyFiles()));
    const pulled = open();
    const county = new FakeCounty(villageSnapshot(VILLAGE_A1));
    const result = await runPull(pulled, county, { limit: 4, villageCode: VILLAGE_A1 });

    expect(result).toEqual({ pages: Math.ceil(county.log.length / 4), rows: county.log.length, done: true, reset: false });
    expect(result.pages).toBeGreaterThan(3);
    const expected = await countyData(imported);
    expect(expected.disbursements.length).toBeGreaterThan(10);
    expect(await countyData(pulled)).toEqual(expected);
  });

  it('names the newest head when a household changes hands, whatever page each year lands in', async () => {
    // The 2023 line names a former head; the server sends 2024 first, so 2023 must not win.
    const renamed = rows.map((r) => (r.householdNo === '030127' && r.villageCode === VILLAGE_A1 && r.year === 2023 ? { ...r, headName: '王大华' } : r));
    const db = open();
    for (const page of pagesOf(villageSnapshot(VILLAGE_A1, renamed), 3)) await applyPullPage(db, page, { villageCode: VILLAGE_A1 });
    expect((await db.households.get(`${VILLAGE_A1}-030127`))?.headName).toBe('王小华');
    expect((await db.households.get(`${VILLAGE_A1}-030127`))?.headYear).toBe(2024);

    // Arriving oldest first changes nothing either: the year decides, not the order.
    const oldestFirst = open();
    const changes = villageSnapshot(VILLAGE_A1, renamed);
    const fixed = changes.filter((c) => c.stream !== 'disbursement');
    const lines = changes.filter((c) => c.stream === 'disbursement').reverse();
    for (const page of pagesOf([...fixed, ...lines], 2)) await applyPullPage(oldestFirst, page);
    expect((await oldestFirst.households.get(`${VILLAGE_A1}-030127`))?.headName).toBe('王小华');
  });

  it('reports rows and percent after each page, ending at 100 and a complete state', async () => {
    const db = open();
    const county = new FakeCounty(villageSnapshot(VILLAGE_A1));
    const seen: PullProgress[] = [];
    await runPull(db, county, { limit: 10, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.rows)).toEqual(seen.map((_, i) => Math.min((i + 1) * 10, county.log.length)));
    expect(seen.map((p) => p.remaining)).toEqual(seen.map((p) => county.log.length - p.rows));
    const percents = seen.map((p) => p.percent ?? -1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[0]).toBe(Math.floor((100 * 10) / county.log.length));
    expect(percents.at(-1)).toBe(100);
    expect(await readPullState(db)).toEqual({ cursor: `e1c${county.log.length}`, epoch: 1, rowsApplied: county.log.length, snapshotTotal: county.log.length, complete: true });
  });

  it("takes the scope from the enrolled village, or from the village its rows name when it is not told", async () => {
    const told = open();
    await runPull(told, new FakeCounty(villageSnapshot(VILLAGE_A2)), { villageCode: VILLAGE_A2 });
    expect(await getMeta(told, 'scope')).toEqual({ townshipCode: '341222100', villageCode: VILLAGE_A2 });
    const inferred = open();
    await runPull(inferred, new FakeCounty(villageSnapshot(VILLAGE_A2)));
    expect(await getMeta(inferred, 'scope')).toEqual({ townshipCode: '341222100', villageCode: VILLAGE_A2 });
    expect(await getMeta(inferred, 'dataAsOf')).toBe(manifest.dataAsOf);
  });

  it('stops after maxPages or when aborted, and the next run goes on from the stored cursor', async () => {
    const db = open();
    const county = new FakeCounty(villageSnapshot(VILLAGE_A1));
    const first = await runPull(db, county, { limit: 5, maxPages: 2 });
    expect(first).toEqual({ pages: 2, rows: 10, done: false, reset: false });
    expect((await readPullState(db)).cursor).toBe('e1c10');

    const controller = new AbortController();
    const aborted = await runPull(db, county, { limit: 5, signal: controller.signal, onProgress: () => controller.abort() });
    expect(aborted).toMatchObject({ pages: 1, rows: 5, done: false });

    const rest = await runPull(db, county, { limit: 5 });
    expect(rest.done).toBe(true);
    expect(10 + 5 + rest.rows).toBe(county.log.length);
    expect(await db.disbursements.count()).toBe(rows.filter((r) => r.villageCode === VILLAGE_A1).length);
    expect(await db.programSummaries.count()).toBe(programs.length);
  });

  it('replaces county data a folder import left, since a snapshot carries no deletes', async () => {
    const db = open();
    await importCountyData(db, createTextSource(countyFiles()), { scope: { townshipCode: '341222100', villageCode: null } });
    expect(await db.disbursements.filter((r) => r.villageCode === VILLAGE_A2).count()).toBeGreaterThan(0);
    await runPull(db, new FakeCounty(villageSnapshot(VILLAGE_A1)), { villageCode: VILLAGE_A1 });
    expect(await db.disbursements.filter((r) => r.villageCode !== VILLAGE_A1).count()).toBe(0);
    expect(await db.households.filter((h) => h.villageCode !== VILLAGE_A1).count()).toBe(0);
    expect(await getMeta(db, 'scope')).toEqual({ townshipCode: '341222100', villageCode: VILLAGE_A1 });
  });
});
