import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import {
  findHouseholdsByFullId,
  findHouseholdsByIdLast4,
  findHouseholdsByInitials,
  findHouseholdsByNumber,
  getHousehold,
  getHouseholdStatement,
} from '../../../renderer/src/db/queries/households';
import { householdKeyOf, type KioskDatabase, type StoredHousehold } from '../../../renderer/src/db/schema';
import { countyFiles, rows, TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2 } from './support/countyFixture';
import { freshDb } from './support/testDb';

const names = (list: StoredHousehold[]) => list.map((h) => h.headName);

describe('household queries over a village', () => {
  let db: KioskDatabase;
  beforeAll(async () => {
    db = freshDb();
    await importCountyData(db, createTextSource(countyFiles()));
  });
  afterAll(() => db.close());

  it('finds by pinyin initials, as a prefix, in any case', async () => {
    expect(names(await findHouseholdsByInitials(db, 'WXH'))).toEqual(['王小华']);
    expect(names(await findHouseholdsByInitials(db, 'wx'))).toEqual(['王小华']);
    expect(names(await findHouseholdsByInitials(db, 'Z'))).toEqual(['曾国强']);
    expect(names(await findHouseholdsByInitials(db, 'SXX'))).toEqual(['单雄信']);
    expect(await findHouseholdsByInitials(db, 'QQ')).toEqual([]);
    expect(await findHouseholdsByInitials(db, '12')).toEqual([]);
  });

  it('finds by full ID number: every household sharing the masked form, and none for a malformed one', async () => {
    const both = await findHouseholdsByFullId(db, '341222198705120417');
    expect(names(both)).toEqual(['李明', '王小华']);
    expect(both.every((h) => h.idMasked === '341222********0417')).toBe(true);
    expect(names(await findHouseholdsByFullId(db, '34122219650301123x'))).toEqual(['曾国强']);
    expect(await findHouseholdsByFullId(db, '341222198705120418')).toEqual([]);
    expect(await findHouseholdsByFullId(db, '3412221987051204')).toEqual([]);
  });

  it('finds by the last 4 of the ID number, X in either case', async () => {
    expect(names(await findHouseholdsByIdLast4(db, '0417'))).toEqual(['李明', '王小华']);
    expect(names(await findHouseholdsByIdLast4(db, '123x'))).toEqual(['曾国强']);
    expect(await findHouseholdsByIdLast4(db, '9999')).toEqual([]);
    expect(await findHouseholdsByIdLast4(db, '41')).toEqual([]);
  });

  it('an unknown household is plainly absent', async () => {
    expect(await getHousehold(db, householdKeyOf(VILLAGE_A1, '999999'))).toBeUndefined();
    expect(await getHouseholdStatement(db, householdKeyOf(VILLAGE_A1, '999999'))).toBeNull();
    expect(await findHouseholdsByNumber(db, '999999')).toEqual([]);
  });

  it("gives a household's statement: years newest first, lines by program then period, totals equal to its rows", async () => {
    const key = householdKeyOf(VILLAGE_A1, '030127');
    const statement = await getHouseholdStatement(db, key);
    expect(statement?.household.headName).toBe('王小华');
    const mine = rows.filter((r) => r.villageCode === VILLAGE_A1 && r.householdNo === '030127');
    expect(statement?.years.map((y) => y.year)).toEqual([2024, 2023]);
    const lines2024 = statement?.years[0]?.lines.map((l) => `${l.program.id}#${l.row.period}`);
    const expected2024 = mine.filter((r) => r.year === 2024).map((r) => `${r.programId}#${r.period}`).sort();
    expect(lines2024).toEqual(expected2024);
    expect(lines2024).toContain('GDLB-2024#2');
    for (const year of statement?.years ?? []) {
      const ofYear = mine.filter((r) => r.year === year.year);
      expect(year.dueFen).toBe(ofYear.reduce((n, r) => n + r.dueFen, 0));
      expect(year.paidFen).toBe(ofYear.reduce((n, r) => n + r.paidFen, 0));
      expect(year.lines.every((l) => l.row.householdKey === key && l.program.id === l.row.programId)).toBe(true);
    }
    expect(statement?.totals).toEqual({
      dueFen: mine.reduce((n, r) => n + r.dueFen, 0),
      paidFen: mine.reduce((n, r) => n + r.paidFen, 0),
      failed: mine.filter((r) => r.status === 'failed').length,
      pending: mine.filter((r) => r.status === 'pending').length,
      returned: mine.filter((r) => r.status === 'returned').length,
    });
    expect(mine.some((r) => r.status !== 'paid')).toBe(true);
  });
});

describe('household queries over a township', () => {
  let db: KioskDatabase;
  beforeAll(async () => {
    db = freshDb();
    await importCountyData(db, createTextSource(countyFiles()), { scope: { townshipCode: TOWNSHIP_A, villageCode: null } });
  });
  afterAll(() => db.close());

  it('orders results by village, group and household number', async () => {
    const found = await findHouseholdsByIdLast4(db, '0417');
    expect(found.map((h) => [h.villageCode, h.group, h.headName])).toEqual([
      [VILLAGE_A1, 2, '李明'],
      [VILLAGE_A1, 3, '王小华'],
      [VILLAGE_A2, 4, '李敏'],
    ]);
    expect(names(await findHouseholdsByInitials(db, 'WXH'))).toEqual(['王小华', '王晓辉']);
  });

  it('finds by household number: exact with 6 digits, by prefix with fewer, never with other input', async () => {
    expect(names(await findHouseholdsByNumber(db, '030127'))).toEqual(['王小华']);
    expect(names(await findHouseholdsByNumber(db, '01'))).toEqual(['曾国强', '王晓辉']);
    expect(await findHouseholdsByNumber(db, '0301270')).toEqual([]);
    expect(await findHouseholdsByNumber(db, '03a')).toEqual([]);
  });

  it('respects the limit', async () => {
    expect(await findHouseholdsByInitials(db, 'L', 1)).toHaveLength(1);
    expect(await findHouseholdsByInitials(db, 'L')).toHaveLength(2);
    expect(await findHouseholdsByNumber(db, '0', 3)).toHaveLength(3);
  });
});
