import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreQueryRequest } from 'dexie';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import {
  getBeneficiaryPage,
  getProgram,
  getProgramSummary,
  listGroupTotals,
  listProgramSummaries,
  listPrograms,
  listProgramYears,
} from '../../../renderer/src/db/queries/programs';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { countyFiles, rows, TOWNSHIP_A, VILLAGE_A1 } from './support/countyFixture';
import { freshDb } from './support/testDb';

const queries: DBCoreQueryRequest[] = [];
let db: KioskDatabase;

beforeAll(async () => {
  db = freshDb();
  // Records how the disbursement table is read, to prove paging uses an index range.
  db.use({
    stack: 'dbcore',
    name: 'record-queries',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return name !== 'disbursements' ? table : { ...table, query: (req) => (queries.push(req), table.query(req)) };
      },
    }),
  });
  await importCountyData(db, createTextSource(countyFiles()), { scope: { townshipCode: TOWNSHIP_A, villageCode: null } });
});
afterAll(() => db.close());

describe('program queries', () => {
  it('lists years newest first and programs by year and category', async () => {
    expect(await listProgramYears(db)).toEqual([2024, 2023]);
    expect((await listPrograms(db)).map((p) => p.id)).toEqual(['GDLB-2024', 'NJGZ-2024', 'GDLB-2023']);
    expect((await listPrograms(db, { year: 2023 })).map((p) => p.id)).toEqual(['GDLB-2023']);
    expect((await listPrograms(db, { category: 'machinery' })).map((p) => p.id)).toEqual(['NJGZ-2024']);
    expect((await listPrograms(db, { year: 2024, category: 'planting' })).map((p) => p.id)).toEqual(['GDLB-2024']);
    expect(await listPrograms(db, { year: 2023, category: 'machinery' })).toEqual([]);
    expect((await getProgram(db, 'NJGZ-2024'))?.name).toBe('农机购置补贴');
    expect(await getProgram(db, 'NOPE-2024')).toBeUndefined();
  });

  it('lists summaries by year and orders group totals by village then group', async () => {
    expect((await listProgramSummaries(db, { year: 2024 })).map((s) => s.programId)).toEqual(['GDLB-2024', 'NJGZ-2024']);
    expect(await listProgramSummaries(db)).toHaveLength(3);
    const summary = await getProgramSummary(db, 'GDLB-2024');
    expect(summary?.rows).toBe(rows.filter((r) => r.programId === 'GDLB-2024' && r.townshipCode === TOWNSHIP_A).length);
    const groups = listGroupTotals(summary ?? ({ byGroup: {} } as never)).map((g) => `${g.villageCode}/${g.group}`);
    expect(groups).toEqual([`${VILLAGE_A1}/1`, `${VILLAGE_A1}/2`, `${VILLAGE_A1}/3`, `${VILLAGE_A1}/10`, '341222100002/1', '341222100002/4']);
    expect(await getProgramSummary(db, 'NOPE-2024')).toBeUndefined();
  });

  it('pages the beneficiary list by rank with one index range, names masked', async () => {
    const all = rows.filter((r) => r.programId === 'GDLB-2024' && r.townshipCode === TOWNSHIP_A);
    queries.length = 0;
    const first = await getBeneficiaryPage(db, 'GDLB-2024', 0, 4);
    expect(first.map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));
    expect(first.map((r) => r.rank)).toEqual([0, 1, 2, 3]);
    expect(first[0]?.headNameMasked).toBe('王*');
    expect(first.every((r) => !('headName' in r))).toBe(true);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.query.index.name).toBe('[programId+rank]');
    expect(queries[0]?.query.range).toMatchObject({ lower: ['GDLB-2024', 0], upper: ['GDLB-2024', 4], lowerOpen: false, upperOpen: true });

    const tail = await getBeneficiaryPage(db, 'GDLB-2024', all.length - 2, 10);
    expect(tail.map((r) => r.id)).toEqual(all.slice(-2).map((r) => r.id));
    expect(await getBeneficiaryPage(db, 'GDLB-2024', all.length, 10)).toEqual([]);
    expect(await getBeneficiaryPage(db, 'GDLB-2024', 0, 0)).toEqual([]);
    expect(await getBeneficiaryPage(db, 'NOPE-2024', 0, 10)).toEqual([]);
  });
});
