import { pinyin } from 'pinyin-pro';
import { beforeAll, describe, expect, it } from 'vitest';
import { DemoOptionsError, FAILURE_REASONS, generateDemoData, type DemoDataset } from '../../../shared/demo/generator/index';
import { draftProgramYears, withBudget } from '../../../shared/demo/generator/programs';
import { SeededRandom } from '../../../shared/demo/generator/random';
import { MAX_FEN } from '../../../shared/money';
import { nameCharacters } from '../../../shared/demo/generator/names';
import { disbursementSchema, type Disbursement } from '../../../shared/domain/disbursement';
import { fundProgramSchema, PROGRAM_CATEGORIES, STAGE_KINDS } from '../../../shared/domain/fundProgram';
import { noticeSchema } from '../../../shared/domain/notice';
import { countySchema } from '../../../shared/domain/place';
import { holidaySchema, serviceItemSchema } from '../../../shared/domain/serviceItem';
import { villageProjectSchema } from '../../../shared/domain/villageProject';
import { parseIdNumber } from '../../../shared/identity/idNumber';
import { maskIdNumber } from '../../../shared/privacy/masking';

const OPTIONS = { households: 1500, years: 10, seed: 11 } as const;
let data: DemoDataset;
let rows: Disbursement[];

beforeAll(() => {
  data = generateDemoData(OPTIONS);
  rows = Array.from(data.disbursements(), (line) => line.row);
});

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}

describe('options', () => {
  it('rejects sizes it cannot make', () => {
    expect(() => generateDemoData({ ...OPTIONS, households: 0 })).toThrow(/households/);
    expect(() => generateDemoData({ ...OPTIONS, households: 1.5 })).toThrow(/households/);
    expect(() => generateDemoData({ ...OPTIONS, years: 0 })).toThrow(/years/);
    expect(() => generateDemoData({ ...OPTIONS, years: 31 })).toThrow(/years/);
    expect(() => generateDemoData({ ...OPTIONS, townships: 21 })).toThrow(/townships/);
    expect(() => generateDemoData({ ...OPTIONS, seed: -1 })).toThrow(/seed/);
    expect(() => generateDemoData({ ...OPTIONS, years: 10, lastYear: 2005 })).toThrow(/before 2000/);
  });

  it('covers the years ending with the data year, 2025 unless told otherwise', () => {
    expect([data.firstYear, data.lastYear]).toEqual([2016, 2025]);
    const later = generateDemoData({ households: 20, years: 3, seed: 1, lastYear: 2030 });
    expect([later.firstYear, later.lastYear, later.dataAsOf]).toEqual([2028, 2030, '2030-11-20']);
    expect(new Set(later.programs.map((p) => p.year))).toEqual(new Set([2028, 2029, 2030]));
  });
});

describe('county and households', () => {
  it('has 4 villages per township with statistical codes and 6–12 groups', () => {
    expect(countySchema.parse(data.county)).toEqual(data.county);
    expect(data.county.code).toMatch(/^34\d{4}$/);
    expect(data.county.province).toBe('安徽省');
    expect(data.county.townships).toHaveLength(3);
    expect(data.county.villages).toHaveLength(12);
    for (const village of data.county.villages) {
      expect(village.code.startsWith(village.townshipCode)).toBe(true);
      expect(village.townshipCode.startsWith(data.county.code)).toBe(true);
      expect(village.groups).toBeGreaterThanOrEqual(6);
      expect(village.groups).toBeLessThanOrEqual(12);
    }
    expect(new Set(data.county.villages.map((v) => v.name)).size).toBe(12);
    expect(generateDemoData({ households: 10, years: 1, seed: 1, townships: 5 }).county.villages).toHaveLength(20);
  });

  it('spreads exactly N households over every village; the station is the first village', () => {
    expect(data.households).toHaveLength(OPTIONS.households);
    const perVillage = new Map<string, number>();
    for (const h of data.households) perVillage.set(h.villageCode, (perVillage.get(h.villageCode) ?? 0) + 1);
    expect(perVillage.size).toBe(12);
    for (const n of perVillage.values()) expect(n).toBeGreaterThan(OPTIONS.households / 12 / 2);
    const first = data.county.villages[0];
    expect(data.station).toEqual({ townshipCode: first?.townshipCode, villageCode: first?.code });
    const township = generateDemoData({ households: 5, years: 1, seed: 1, scope: 'township' });
    expect(township.station).toEqual({ townshipCode: township.county.villages[0]?.townshipCode, villageCode: null });
    expect(township.households.some((h) => h.villageCode === township.county.villages[0]?.code)).toBe(true);
  });

  it('numbers households group + sequence, unique within the village, in file order', () => {
    const seen = new Set<string>();
    let previous = '';
    for (const h of data.households) {
      expect(h.householdNo).toMatch(/^\d{6}$/);
      expect(Number(h.householdNo.slice(0, 2))).toBe(h.group);
      const key = `${h.villageCode}-${h.householdNo}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(key > previous).toBe(true);
      previous = key;
    }
  });

  it('gives every head a valid, unique ID number consistent with sex, masked first 6 + last 4', () => {
    const ids = new Set<string>();
    for (const h of data.households) {
      const parsed = parseIdNumber(h.idNumber, { today: data.dataAsOf });
      expect(parsed.ok && parsed.value.sex).toBe(h.headSex);
      expect(h.idMasked).toBe(maskIdNumber(h.idNumber));
      ids.add(h.idNumber);
    }
    expect(ids.size).toBe(data.households.length);
  });

  it('lets a few households in a village share a masked ID, but only a few', () => {
    const byMask = new Map<string, number>();
    for (const h of data.households) byMask.set(`${h.villageCode}|${h.idMasked}`, (byMask.get(`${h.villageCode}|${h.idMasked}`) ?? 0) + 1);
    const shared = [...byMask.values()].filter((n) => n > 1).length;
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThan(data.households.length * 0.05);
    // Even a small station village has one pair, so the kiosk's short list can be exercised.
    const small = generateDemoData({ households: 240, years: 1, seed: 7 });
    const station = small.households.filter((h) => h.villageCode === small.station.villageCode).map((h) => h.idMasked);
    expect(new Set(station).size).toBeLessThan(station.length);
  });

  it('names people with a surname and a one- or two-character given name, all readable as pinyin initials', () => {
    for (const h of data.households) expect(Array.from(h.headName).length).toBeGreaterThanOrEqual(2);
    expect(data.households.some((h) => Array.from(h.headName).length === 2)).toBe(true);
    expect(data.households.some((h) => Array.from(h.headName).length === 3)).toBe(true);
    for (const ch of nameCharacters()) expect(pinyin(ch, { pattern: 'first', toneType: 'none' })).toMatch(/^[a-z]$/);
    const surnames = new Map<string, number>();
    for (const h of data.households) surnames.set(h.headName[0] ?? '', (surnames.get(h.headName[0] ?? '') ?? 0) + 1);
    const top = [...surnames].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([s]) => s);
    expect(top.some((s) => ['王', '李', '张'].includes(s))).toBe(true);
  });
});

describe('programs', () => {
  it('pass the schema, 8 or more each year, all categories over the years', () => {
    for (const p of data.programs) expect(fundProgramSchema.safeParse(p).error).toBeUndefined();
    for (let year = data.firstYear; year <= data.lastYear; year++) {
      expect(data.programs.filter((p) => p.year === year).length).toBeGreaterThanOrEqual(8);
    }
    expect(new Set(data.programs.map((p) => p.category))).toEqual(new Set(PROGRAM_CATEGORIES));
    expect(new Set(data.programs.map((p) => p.id)).size).toBe(data.programs.length);
  });

  it('cite 1–3 policy documents with real-style, unique document numbers', () => {
    const numbers = new Set<string>();
    for (const p of data.programs) {
      expect(p.documents.length).toBeGreaterThanOrEqual(1);
      expect(p.documents.length).toBeLessThanOrEqual(3);
      for (const doc of p.documents) {
        expect(doc.docNo).toMatch(/^[\u4e00-\u9fa5]{2,5}〔(\d{4})〕\d{1,3}号$/);
        expect(numbers.has(doc.docNo)).toBe(false);
        numbers.add(doc.docNo);
        const sentences = doc.summary.split('。').filter((s) => s.length > 0).length;
        expect(sentences).toBeGreaterThanOrEqual(2);
        expect(sentences).toBeLessThanOrEqual(4);
      }
    }
    expect(numbers.has('')).toBe(false);
    expect([...numbers].some((n) => n.startsWith('皖财农〔'))).toBe(true);
    expect([...numbers].some((n) => n.startsWith('岚财农〔'))).toBe(true);
  });

  it('go through the seven stages in order with increasing dates and a notice of at least 7 days', () => {
    for (const p of data.programs) {
      expect(p.stages.map((s) => s.kind)).toEqual(STAGE_KINDS.slice(0, p.stages.length));
      for (let i = 1; i < p.stages.length; i++) expect(p.stages[i]!.date > p.stages[i - 1]!.date).toBe(true);
      expect(daysBetween(p.noticeFrom, p.noticeTo)).toBeGreaterThanOrEqual(7);
      if (p.year < data.lastYear) {
        expect(p.status).toBe('completed');
        expect(p.stages).toHaveLength(7);
      }
      for (const stage of p.stages) expect(stage.date <= data.dataAsOf).toBe(true);
    }
  });

  it('leave the data year part-way: some programs still in notice or paying, with pending rows', () => {
    const current = data.programs.filter((p) => p.year === data.lastYear);
    expect(current.some((p) => p.status === 'notice' || p.status === 'paying')).toBe(true);
    const pending = rows.filter((r) => r.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((r) => r.year === data.lastYear && r.paidFen === 0 && r.paidDate === null)).toBe(true);
  });

  it('round budgets up to 100 yuan and refuse one a field cannot hold', () => {
    const draft = draftProgramYears(1, 2025, 2025, '2025-11-20').find((d) => d.def.code === 'DBBZ');
    if (!draft) throw new Error('no DBBZ draft');
    const program = withBudget(draft, 12_345_678, new SeededRandom(1)).program;
    expect(program.budgetFen % 10_000).toBe(0);
    expect(program.budgetFen).toBeGreaterThanOrEqual(12_345_678);
    expect(program.budgetFen).toBeLessThan(12_345_678 * 1.04);
    expect(program.sources.central).toBe(program.budgetFen * 0.7);
    expect(() => withBudget(draft, MAX_FEN, new SeededRandom(1))).toThrow(DemoOptionsError);
  });

  it('budget at least what is due in the county, funded by levels that add up', () => {
    const due = new Map<string, number>();
    for (const r of rows) due.set(r.programId, (due.get(r.programId) ?? 0) + r.dueFen);
    for (const p of data.programs) {
      expect(p.budgetFen).toBeGreaterThanOrEqual(due.get(p.id) ?? 0);
      expect(p.sources.central + p.sources.province + p.sources.city + p.sources.county).toBe(p.budgetFen);
    }
  });
});

describe('disbursement rows', () => {
  it('pass the schema (every 7th row) and match the announced count', () => {
    expect(rows).toHaveLength(data.disbursementCount);
    const invalid = rows.filter((r, i) => i % 7 === 0 && !disbursementSchema.safeParse(r).success);
    expect(invalid).toEqual([]);
  });

  it('come ordered by program-year, village, group, household, period', () => {
    const programOrder = new Map(data.programs.map((p, i) => [p.id, i]));
    const villageOrder = new Map(data.county.villages.map((v, i) => [v.code, i]));
    const key = (r: Disbursement): number[] => [programOrder.get(r.programId) ?? -1, villageOrder.get(r.villageCode) ?? -1, Number(r.householdNo), r.period];
    const outOfOrder: number[] = [];
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [key(rows[i - 1]!), key(rows[i]!)];
      const cmp = a.findIndex((x, j) => x !== b[j]);
      if (!(cmp >= 0 && a[cmp]! < b[cmp]!)) outOfOrder.push(i);
    }
    expect(outOfOrder).toEqual([]);
  });

  it('pay rate × quantity in fen, on the payment stage date', () => {
    const programs = new Map(data.programs.map((p) => [p.id, p]));
    const wrong = rows.filter((r) => {
      const program = programs.get(r.programId);
      const paymentStage = program?.stages.find((s) => s.kind === 'payment')?.date;
      return (
        r.dueFen !== Math.round((r.rateFen * r.quantityHundredths) / 100) ||
        r.rateFen !== program?.rateFen ||
        (r.status === 'paid' && r.period === 1 && r.paidDate !== paymentStage) ||
        r.paidFen !== (r.status === 'paid' ? r.dueFen : 0) ||
        r.dueFen <= 0
      );
    });
    expect(wrong).toEqual([]);
  });

  it('fail about 5 % of payments with realistic reasons', () => {
    const settled = rows.filter((r) => r.status !== 'pending');
    const failed = settled.filter((r) => r.status === 'failed' || r.status === 'returned');
    expect(failed.length / settled.length).toBeGreaterThan(0.04);
    expect(failed.length / settled.length).toBeLessThan(0.06);
    expect(new Set(failed.map((r) => r.failureReason))).toEqual(new Set(FAILURE_REASONS));
    expect(failed.every((r) => r.paidDate === null)).toBe(true);
  });

  it('average about 5 rows per household per year', () => {
    const perHouseholdYear = rows.length / (OPTIONS.households * OPTIONS.years);
    expect(perHouseholdYear).toBeGreaterThan(4);
    expect(perHouseholdYear).toBeLessThan(6.5);
  });

  it('pay quarterly programs in periods 1–4 and yearly ones in period 1', () => {
    const periods = new Map<string, Set<number>>();
    for (const r of rows) {
      const code = r.programId.split('-')[0]!;
      if (!periods.has(code)) periods.set(code, new Set());
      periods.get(code)!.add(r.period);
    }
    expect(periods.get('DBBZ')).toEqual(new Set([1, 2, 3, 4]));
    expect(periods.get('GDLB')).toEqual(new Set([1]));
  });

  it('never carry a full ID number', () => {
    const fullIds = new Set(data.households.map((h) => h.idNumber));
    expect(rows.some((r) => fullIds.has(r.idMasked) || /^\d{17}[\dX]$/.test(r.idMasked))).toBe(false);
  });
});

describe('projects, notices, service catalog, holidays', () => {
  it('give each village 3–6 valid projects', () => {
    for (const p of data.projects) expect(villageProjectSchema.safeParse(p).error).toBeUndefined();
    for (const village of data.county.villages) {
      const n = data.projects.filter((p) => p.villageCode === village.code).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
    }
    for (const p of data.projects) {
      if (p.acceptance === 'passed') expect(p.progressPct).toBe(100);
      if (p.endDate === null) expect(p.acceptanceDate).toBeNull();
    }
  });

  it('publish 15 or more notices, county-wide and per village, none after the data date', () => {
    expect(data.notices.length).toBeGreaterThanOrEqual(15);
    for (const n of data.notices) {
      expect(noticeSchema.safeParse(n).error).toBeUndefined();
      expect(n.publishedOn <= data.dataAsOf).toBe(true);
    }
    expect(data.notices.some((n) => n.villageCode === null)).toBe(true);
    expect(data.notices.some((n) => n.villageCode === data.station.villageCode)).toBe(true);
    expect(new Set(data.notices.map((n) => n.id)).size).toBe(data.notices.length);
  });

  it('list 20 or more service items with materials and promised days', () => {
    expect(data.serviceItems.length).toBeGreaterThanOrEqual(20);
    for (const item of data.serviceItems) expect(serviceItemSchema.safeParse(item).error).toBeUndefined();
    expect(new Set(data.serviceItems.map((i) => i.code)).size).toBe(data.serviceItems.length);
    const names = data.serviceItems.map((i) => i.name).join('|');
    for (const expected of ['养老保险待遇资格认证', '最低生活保障申请', '残疾人证办理', '一卡通账户变更', '农村建房申请', '高龄津贴申请']) {
      expect(names).toContain(expected);
    }
    expect(data.serviceItems.filter((i) => i.feeFen === 0).length).toBeGreaterThan(data.serviceItems.length * 0.8);
  });

  it('cover every year with public holidays and make-up workdays', () => {
    for (const h of data.holidays) expect(holidaySchema.safeParse(h).error).toBeUndefined();
    const dates = data.holidays.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (let year = data.firstYear; year <= data.lastYear; year++) {
      expect(dates).toContain(`${year}-10-01`);
      expect(data.holidays.some((h) => h.date.startsWith(`${year}`) && h.name === '春节')).toBe(true);
    }
    expect(data.holidays.find((h) => h.date === '2025-01-26')).toEqual({ date: '2025-01-26', name: '春节调休上班', kind: 'workday' });
    expect(data.holidays.find((h) => h.date === '2024-02-10')?.kind).toBe('off');
    for (const h of data.holidays.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
  });

  it('fall back to the statutory pattern for years without a published schedule', () => {
    const old = generateDemoData({ households: 5, years: 2, seed: 1, lastYear: 2011 });
    const names2010 = new Set(old.holidays.filter((h) => h.date.startsWith('2010')).map((h) => h.name));
    expect(names2010).toEqual(new Set(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']));
    expect(old.holidays.find((h) => h.date === '2010-02-14')?.name).toBe('春节'); // lunar new year 2010
    expect(old.holidays.find((h) => h.date === '2010-09-22')?.name).toBe('中秋节');
    expect(old.holidays.find((h) => h.date === '2010-04-05')?.name).toBe('清明节');
  });
});

describe('determinism', () => {
  it('gives the same county for the same options and another for another seed', () => {
    const again = generateDemoData(OPTIONS);
    expect(again.programs).toEqual(data.programs);
    expect(again.households).toEqual(data.households);
    expect(again.notices).toEqual(data.notices);
    const firstRows = Array.from(again.disbursements(), (l) => l.row).slice(0, 500);
    expect(firstRows).toEqual(rows.slice(0, 500));
    const other = generateDemoData({ ...OPTIONS, seed: 12 });
    expect(other.households.map((h) => h.headName)).not.toEqual(data.households.map((h) => h.headName));
  });
});
