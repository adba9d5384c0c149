import { afterEach, describe, expect, it } from 'vitest';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import type { ImportProgress } from '../../../renderer/src/db/import/importResult';
import { needsImport } from '../../../renderer/src/db/import/needsImport';
import { createTextSource } from '../../../renderer/src/db/import/source';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import { groupTotalsKey, householdKeyOf, type KioskDatabase, type ProgramSummary } from '../../../renderer/src/db/schema';
import type { Disbursement } from '../../../shared/domain/disbursement';
import { countyFiles, manifest, notices, programs, projects, rows, TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2, VILLAGE_B1 } from './support/countyFixture';
import { freshDb } from './support/testDb';

let db: KioskDatabase;
afterEach(() => db?.close());

function expectedSummary(programId: string, inScope: (r: Disbursement) => boolean): Omit<ProgramSummary, 'year'> {
  const mine = rows.filter((r) => r.programId === programId && inScope(r));
  const byGroup: ProgramSummary['byGroup'] = {};
  for (const r of mine) {
    const g = (byGroup[groupTotalsKey(r.villageCode, r.group)] ??= { villageCode: r.villageCode, group: r.group, rows: 0, dueFen: 0, paidFen: 0 });
    g.rows++;
    g.dueFen += r.dueFen;
    g.paidFen += r.paidFen;
  }
  const countOf = (s: Disbursement['status']) => mine.filter((r) => r.status === s).length;
  return {
    programId,
    rows: mine.length,
    dueFen: mine.reduce((n, r) => n + r.dueFen, 0),
    paidFen: mine.reduce((n, r) => n + r.paidFen, 0),
    paid: countOf('paid'),
    pending: countOf('pending'),
    failed: countOf('failed'),
    returned: countOf('returned'),
    byGroup,
  };
}

describe('importCountyData', () => {
  it('loads the station village by default: rows, ranks, households, summaries and meta', async () => {
    db = freshDb();
    expect(await needsImport(db)).toBe(true);
    const inVillage = (r: Disbursement) => r.villageCode === VILLAGE_A1;
    const result = await importCountyData(db, createTextSource(countyFiles(), { chunkChars: 97, label: 'fixture' }), { chunkRows: 4 });

    expect(result.scope).toEqual({ townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 });
    expect(result.fileRows).toBe(rows.length);
    expect(result.disbursements).toBe(rows.filter(inVillage).length);
    expect(await db.disbursements.count()).toBe(result.disbursements);
    expect(result.households).toBe(4);
    expect(await db.programs.count()).toBe(programs.length);
    expect((await db.projects.toArray()).map((p) => p.id).sort()).toEqual(projects.filter((p) => p.villageCode === VILLAGE_A1).map((p) => p.id).sort());
    expect((await db.notices.toArray()).map((n) => n.id).sort()).toEqual(['N-2024-001', 'N-2024-002']);
    expect(notices).toHaveLength(3);

    // Ranks run 0..n-1 per program, in file order.
    for (const p of programs) {
      const expectedIds = rows.filter((r) => r.programId === p.id && inVillage(r)).map((r) => r.id);
      const stored = await db.disbursements.where('[programId+rank]').between([p.id, 0], [p.id, Infinity]).toArray();
      expect(stored.map((r) => r.id)).toEqual(expectedIds);
      expect(stored.map((r) => r.rank)).toEqual(expectedIds.map((_, i) => i));
      expect(await db.programSummaries.get(p.id)).toEqual({ ...expectedSummary(p.id, inVillage), year: p.year });
    }

    const wxh = await db.households.get(householdKeyOf(VILLAGE_A1, '030127'));
    expect(wxh).toMatchObject({ headName: '王小华', initials: 'WXH', group: 3, idMasked: '341222********0417', idLast4: '0417', townshipCode: TOWNSHIP_A });
    expect((await db.households.get(householdKeyOf(VILLAGE_A1, '010004')))?.initials).toBe('ZGQ');
    expect((await db.households.get(householdKeyOf(VILLAGE_A1, '100002')))?.initials).toBe('SXX');
    const stored = await db.disbursements.get(rows.find(inVillage)?.id ?? '');
    expect(stored?.householdKey).toBe(householdKeyOf(VILLAGE_A1, stored?.householdNo ?? ''));

    expect(await getMeta(db, 'dataAsOf')).toBe(manifest.dataAsOf);
    expect(await getMeta(db, 'scope')).toEqual(manifest.station);
    expect((await getMeta(db, 'county'))?.code).toBe('341222');
    expect(await getMeta(db, 'import')).toMatchObject({ state: 'complete', source: 'fixture', rows: result.disbursements });
    expect(await needsImport(db)).toBe(false);
  });

  it('keeps a whole township when asked, and only that township', async () => {
    db = freshDb();
    const inTownship = (r: Disbursement) => r.townshipCode === TOWNSHIP_A;
    const result = await importCountyData(db, createTextSource(countyFiles()), { scope: { townshipCode: TOWNSHIP_A, villageCode: null } });
    expect(result.disbursements).toBe(rows.filter(inTownship).length);
    expect(result.disbursements).toBeLessThan(rows.length);
    expect(await db.disbursements.filter((r) => r.villageCode === VILLAGE_B1).count()).toBe(0);
    expect(await db.disbursements.filter((r) => r.villageCode === VILLAGE_A2).count()).toBeGreaterThan(0);
    expect(result.households).toBe(6);
    expect((await db.households.get(householdKeyOf(VILLAGE_A2, '040003')))?.initials).toBe('LM');
    for (const p of programs) expect(await db.programSummaries.get(p.id)).toEqual({ ...expectedSummary(p.id, inTownship), year: p.year });
    expect((await db.projects.toArray()).map((p) => p.id).sort()).toEqual(['PRJ-A1-2023', 'PRJ-A1-2024']);
  });

  it('reports progress through both passes, ending at the file row count', async () => {
    db = freshDb();
    const seen: ImportProgress[] = [];
    await importCountyData(db, createTextSource(countyFiles()), { chunkRows: 5, progressEveryRows: 4, onProgress: (p) => seen.push(p) });
    const last = (phase: ImportProgress['phase']) => seen.filter((p) => p.phase === phase).at(-1);
    expect(last('validating')).toEqual({ phase: 'validating', rows: rows.length, totalRows: rows.length });
    expect(last('writing')).toEqual({ phase: 'writing', rows: rows.length, totalRows: rows.length });
    expect(seen.findIndex((p) => p.phase === 'writing')).toBeGreaterThan(seen.findIndex((p) => p.phase === 'validating'));
    expect(seen.filter((p) => p.phase === 'writing').length).toBeGreaterThan(1);
  });

  it('replaces the previous import instead of adding to it', async () => {
    db = freshDb();
    await importCountyData(db, createTextSource(countyFiles()), { scope: { townshipCode: TOWNSHIP_A, villageCode: null } });
    const again = await importCountyData(db, createTextSource(countyFiles()));
    expect(await db.disbursements.count()).toBe(again.disbursements);
    expect(await db.households.count()).toBe(4);
    expect(await db.disbursements.filter((r) => r.villageCode !== VILLAGE_A1).count()).toBe(0);
    expect(await getMeta(db, 'scope')).toEqual({ townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 });
  });

  it('names the newest head when a household changes hands between years', async () => {
    db = freshDb();
    const files = countyFiles();
    // The 2023 line names a former head: the household record takes 2024's.
    const csv = files['disbursements.csv'] ?? '';
    files['disbursements.csv'] = csv.replace(/(耕地地力保护补贴,1,[^\r\n]*,东风村,3组,030127,)王小华/, '$1王大华');
    expect(files['disbursements.csv']).not.toBe(csv);
    await importCountyData(db, createTextSource(files));
    expect((await db.households.get(householdKeyOf(VILLAGE_A1, '030127')))?.headName).toBe('王小华');
  });
});
