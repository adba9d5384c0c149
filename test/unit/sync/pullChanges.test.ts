import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Disbursement } from '../../../shared/domain/disbursement';
import type { Change, PullResponse } from '../../../shared/sync/protocol';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { applyPullPage, PullDataError, readPullState } from '../../../renderer/src/sync/pull';
import { programs, rows, VILLAGE_A1 } from '../db/support/countyFixture';
import { dumpDb, freshDb } from '../db/support/testDb';
import { FakeCounty, summaryFromStoredRows, villageSnapshot } from './pullFixtures';

let db: KioskDatabase;
let county: FakeCounty;
const mine = rows.filter((r) => r.villageCode === VILLAGE_A1);

beforeEach(async () => {
  db = freshDb();
  county = new FakeCounty(villageSnapshot(VILLAGE_A1));
  // The first sync, one page; each test then applies what the county changes afterwards.
  await applyPullPage(db, await county.pull('', 5_000), { villageCode: VILLAGE_A1 });
});
afterEach(() => db.close());

/** The next page of the log after appending `changes`, as the county would serve it. */
async function nextPage(changes: Omit<Change, 'seq'>[]): Promise<PullResponse> {
  county.append(changes);
  return county.pull((await readPullState(db)).cursor, 5_000);
}

const put = (row: Disbursement): Omit<Change, 'seq'> => ({ stream: 'disbursement', op: 'put', key: row.id, value: row });
const del = (id: string): Omit<Change, 'seq'> => ({ stream: 'disbursement', op: 'delete', key: id, value: null });

async function expectSummariesMatchRows(): Promise<void> {
  for (const p of programs) expect(await db.programSummaries.get(p.id)).toMatchObject(await summaryFromStoredRows(db, p.id));
}

function row(i: number): Disbursement {
  const r = mine[i];
  if (!r) throw new Error(`no fixture row ${i}`);
  return r;
}

describe('pulled changes after the first sync', () => {
  it('a put over an existing row takes the old one out of the totals and keeps its rank', async () => {
    const target = mine.find((r) => r.status === 'paid') ?? row(0);
    const before = await db.disbursements.get(target.id);
    const failed = { ...target, status: 'failed' as const, paidFen: 0, paidDate: null, failureReason: '账户已销户', dueFen: target.dueFen + 1234 };
    const page = await nextPage([put(failed)]);
    expect(await applyPullPage(db, page)).toMatchObject({ applied: 1, reset: false });

    const after = await db.disbursements.get(target.id);
    expect(after).toMatchObject({ status: 'failed', dueFen: target.dueFen + 1234, rank: before?.rank, householdKey: before?.householdKey });
    expect(await db.disbursements.count()).toBe(mine.length);
    await expectSummariesMatchRows();
  });

  it('a delete takes the row out, leaves a gap in the ranks, and a new row never reuses it', async () => {
    const program = programs[1]!.id;
    const ofProgram = await db.disbursements.filter((r) => r.programId === program).toArray();
    const gone = ofProgram.find((r) => r.rank === 1)!;
    await applyPullPage(db, await nextPage([del(gone.id)]));
    expect(await db.disbursements.get(gone.id)).toBeUndefined();
    await expectSummariesMatchRows();

    const fresh = { ...gone, id: `${gone.id}-new`, period: 9 };
    await applyPullPage(db, await nextPage([put(fresh)]));
    expect((await db.disbursements.get(fresh.id))?.rank).toBe(ofProgram.length);
    const ranks = (await db.disbursements.filter((r) => r.programId === program).toArray()).map((r) => r.rank).sort((a, b) => a - b);
    expect(ranks).not.toContain(1);
    expect(new Set(ranks).size).toBe(ranks.length);
    await expectSummariesMatchRows();
  });

  it('deleting every line of a household removes it; deleting its head line names the next newest head', async () => {
    const key = `${VILLAGE_A1}-030127`;
    const lines = await db.disbursements.where('householdKey').equals(key).toArray();
    const newest = Math.max(...lines.map((l) => l.year));
    // The 2023 lines name someone else; deleting every 2024 line leaves 2023's head.
    const older = lines.filter((l) => l.year < newest).map((l) => ({ ...l, headName: '王大华' }));
    await applyPullPage(db, await nextPage(older.map(({ householdKey: _k, rank: _r, ...r }) => put(r))));
    expect((await db.households.get(key))?.headName).toBe('王小华');
    await applyPullPage(db, await nextPage(lines.filter((l) => l.year === newest).map((l) => del(l.id))));
    expect(await db.households.get(key)).toMatchObject({ headName: '王大华', initials: 'WDH', headYear: newest - 1 });
    await applyPullPage(db, await nextPage(older.map((l) => del(l.id))));
    expect(await db.households.get(key)).toBeUndefined();
    await expectSummariesMatchRows();
  });

  it('a key repeated within a page counts once, its last change winning', async () => {
    const a = row(0);
    const b = row(1);
    const page = await nextPage([put({ ...a, dueFen: a.dueFen + 1 }), put({ ...a, dueFen: a.dueFen + 2 }), put(b), del(b.id)]);
    expect((await applyPullPage(db, page)).applied).toBe(4);
    expect((await db.disbursements.get(a.id))?.dueFen).toBe(a.dueFen + 2);
    expect(await db.disbursements.get(b.id)).toBeUndefined();
    expect(await db.disbursements.count()).toBe(mine.length - 1);
    await expectSummariesMatchRows();

    const brandNew = { ...a, id: `${a.id}-x`, period: 7 };
    await applyPullPage(db, await nextPage([put(brandNew), put({ ...brandNew, dueFen: brandNew.dueFen + 5 }), del(brandNew.id), put({ ...brandNew, dueFen: brandNew.dueFen + 7 })]));
    expect(await db.disbursements.get(brandNew.id)).toMatchObject({ dueFen: brandNew.dueFen + 7 });
    await expectSummariesMatchRows();
  });

  it('a new program gets a zero summary; a deleted one takes its summary along', async () => {
    const p = { ...programs[0]!, id: 'GDLB-2025', year: 2025 };
    await applyPullPage(db, await nextPage([{ stream: 'program', op: 'put', key: p.id, value: p }]));
    expect(await db.programSummaries.get(p.id)).toMatchObject({ programId: p.id, year: 2025, rows: 0, dueFen: 0, byGroup: {} });
    await applyPullPage(db, await nextPage([{ stream: 'program', op: 'delete', key: p.id, value: null }]));
    expect(await db.programs.get(p.id)).toBeUndefined();
    expect(await db.programSummaries.get(p.id)).toBeUndefined();
  });

  it('refuses a page with one bad value whole, naming stream and key, cursor unchanged', async () => {
    const before = await dumpDb(db);
    const good = { ...row(0), dueFen: row(0).dueFen + 1 };
    const bad = { ...row(1), paidFen: row(1).dueFen + 1 };
    const page = await nextPage([put(good), put(bad)]);
    const error = await applyPullPage(db, page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullDataError);
    expect(error).toMatchObject({ stream: 'disbursement', key: bad.id });
    expect((error as Error).message).toContain('paid exceeds due');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('refuses a value stored under another key than its own', async () => {
    const before = await dumpDb(db);
    const page = await nextPage([{ stream: 'disbursement', op: 'put', key: 'someone-else', value: row(0) }]);
    await expect(applyPullPage(db, page)).rejects.toMatchObject({ name: 'PullDataError', stream: 'disbursement', key: 'someone-else' });
    expect(await dumpDb(db)).toEqual(before);
  });

  it('applies projects, notices, catalog, holidays and publication puts and deletes', async () => {
    const page = await nextPage([
      { stream: 'project', op: 'delete', key: 'PRJ-A1-2023', value: null },
      { stream: 'notice', op: 'delete', key: 'N-2024-001', value: null },
      { stream: 'holiday', op: 'put', key: '2025-01-01', value: { date: '2025-01-01', name: '元旦', kind: 'off' } },
      { stream: 'serviceItem', op: 'delete', key: 'MZ001', value: null },
      { stream: 'publication', op: 'put', key: 'current', value: { dataAsOf: '2025-01-31' } },
    ]);
    await applyPullPage(db, page);
    expect((await db.projects.toArray()).map((p) => p.id)).toEqual(['PRJ-A1-2024']);
    expect((await db.notices.toArray()).map((n) => n.id)).toEqual(['N-2024-002']);
    expect(await db.holidays.get('2025-01-01')).toMatchObject({ name: '元旦' });
    expect(await db.serviceItems.count()).toBe(0);
    expect((await db.meta.get('dataAsOf'))?.value).toBe('2025-01-31');
  });
});
