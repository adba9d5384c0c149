import { csvLine } from '../../../../shared/csv';
import { DEMO_FILES, type DemoManifest } from '../../../../shared/demo/manifest';
import { disbursementId, PUBLIC_NOTICE_COLUMNS, toPublicNoticeFields } from '../../../../shared/demo/publicNoticeCsv';
import type { Disbursement, DisbursementStatus } from '../../../../shared/domain/disbursement';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import type { Notice } from '../../../../shared/domain/notice';
import type { County } from '../../../../shared/domain/place';
import type { Holiday, ServiceItem } from '../../../../shared/domain/serviceItem';
import type { VillageProject } from '../../../../shared/domain/villageProject';
import { maskIdNumber } from '../../../../shared/privacy/masking';

/** A small hand-made county file set: every value known, so tests can compare against direct sums. */
export const TOWNSHIP_A = '341222100';
export const TOWNSHIP_B = '341222101';
export const VILLAGE_A1 = '341222100001';
export const VILLAGE_A2 = '341222100002';
export const VILLAGE_B1 = '341222101001';

export const county: County = {
  code: '341222',
  name: '示范县',
  province: '安徽省',
  city: '示范市',
  townships: [
    { code: TOWNSHIP_A, name: '城关镇' },
    { code: TOWNSHIP_B, name: '河口乡' },
  ],
  villages: [
    { code: VILLAGE_A1, name: '东风村', townshipCode: TOWNSHIP_A, groups: 10 },
    { code: VILLAGE_A2, name: '新华村', townshipCode: TOWNSHIP_A, groups: 4 },
    { code: VILLAGE_B1, name: '红星村', townshipCode: TOWNSHIP_B, groups: 3 },
  ],
};

export interface FixtureHousehold {
  villageCode: string;
  group: number;
  householdNo: string;
  headName: string;
  fullId: string;
}

// 王小华 and 王晓辉 share WXH; 李明 and 李敏 share the masked ID 341222********0417.
export const households: FixtureHousehold[] = [
  { villageCode: VILLAGE_A1, group: 3, householdNo: '030127', headName: '王小华', fullId: '341222198705120417' },
  { villageCode: VILLAGE_A1, group: 1, householdNo: '010004', headName: '曾国强', fullId: '34122219650301123X' },
  { villageCode: VILLAGE_A1, group: 2, householdNo: '020011', headName: '李明', fullId: '341222197001010417' },
  { villageCode: VILLAGE_A1, group: 10, householdNo: '100002', headName: '单雄信', fullId: '341222198012125678' },
  { villageCode: VILLAGE_A2, group: 1, householdNo: '010001', headName: '王晓辉', fullId: '341222199002022222' },
  { villageCode: VILLAGE_A2, group: 4, householdNo: '040003', headName: '李敏', fullId: '341222195505050417' },
  { villageCode: VILLAGE_B1, group: 2, householdNo: '030127', headName: '解晓东', fullId: '341222198808083333' },
];

function program(code: string, year: number, name: string, unit: FundProgram['unit'], rateFen: number, category: FundProgram['category']): FundProgram {
  return {
    id: `${code}-${year}`,
    code,
    year,
    name,
    category,
    department: '县农业农村局',
    sources: { central: 800_000, province: 150_000, city: 30_000, county: 20_000 },
    budgetFen: 1_000_000,
    rateFen,
    unit,
    eligibility: '承包耕地的农户',
    documents: [{ docNo: `皖财农〔${year}〕12号`, title: `关于${year}年${name}的通知`, issuer: '安徽省财政厅', date: `${year}-03-01`, summary: '按面积补贴' }],
    stages: [
      { kind: 'plan', date: `${year}-03-10`, note: '' },
      { kind: 'notice', date: `${year}-04-01`, note: '' },
    ],
    noticeFrom: `${year}-04-01`,
    noticeTo: `${year}-04-08`,
    consultPhone: '0556-1234567',
    supervisePhone: '12345',
    status: 'completed',
  };
}

export const programs: FundProgram[] = [
  program('GDLB', 2023, '耕地地力保护补贴', 'mu', 9_500, 'planting'),
  program('GDLB', 2024, '耕地地力保护补贴', 'mu', 9_800, 'planting'),
  program('NJGZ', 2024, '农机购置补贴', 'machine', 150_000, 'machinery'),
];

// Six statuses over seven households: each household sees several statuses across programs.
const STATUS_CYCLE: DisbursementStatus[] = ['paid', 'paid', 'failed', 'paid', 'pending', 'returned'];
const REASONS: Partial<Record<DisbursementStatus, string>> = { failed: '账户已销户', returned: '户名与账户不符' };

function buildRows(): Disbursement[] {
  const rows: Disbursement[] = [];
  let n = 0;
  for (const p of programs) {
    const periods = p.code === 'GDLB' && p.year === 2024 ? [1, 2] : [1];
    for (const period of periods) {
      for (const h of households) {
        const village = county.villages.find((v) => v.code === h.villageCode);
        if (!village) throw new Error('fixture village');
        // The machinery program pays only some households: not every household is in every program.
        if (p.code === 'NJGZ' && n % 2 === 1) {
          n++;
          continue;
        }
        const status = STATUS_CYCLE[n % STATUS_CYCLE.length] ?? 'paid';
        const quantityHundredths = 500 + (n % 5) * 125;
        const dueFen = Math.round((p.rateFen * quantityHundredths) / 100);
        rows.push({
          id: disbursementId(p.id, period, h.villageCode, h.householdNo),
          programId: p.id,
          year: p.year,
          period,
          townshipCode: village.townshipCode,
          villageCode: h.villageCode,
          group: h.group,
          householdNo: h.householdNo,
          headName: h.headName,
          idMasked: maskIdNumber(h.fullId),
          accountLast4: String(1000 + n).slice(-4),
          quantityHundredths,
          unit: p.unit,
          rateFen: p.rateFen,
          dueFen,
          paidFen: status === 'paid' ? dueFen : 0,
          paidDate: status === 'paid' ? `${p.year}-06-15` : null,
          status,
          failureReason: REASONS[status] ?? '',
        });
        n++;
      }
    }
  }
  return rows;
}

export const rows: Disbursement[] = buildRows();

export const projects: VillageProject[] = [
  { id: 'PRJ-A1-2023', villageCode: VILLAGE_A1, year: 2023, name: '东风村道路硬化', category: 'road', fundingSource: '衔接资金', budgetFen: 50_000_000, spentFen: 48_000_000, contractor: '示范建设公司', startDate: '2023-04-01', endDate: '2023-10-01', progressPct: 100, acceptance: 'passed', acceptanceDate: '2023-11-01', description: '' },
  { id: 'PRJ-A1-2024', villageCode: VILLAGE_A1, year: 2024, name: '东风村灌溉渠', category: 'irrigation', fundingSource: '农田水利资金', budgetFen: 30_000_000, spentFen: 10_000_000, contractor: '示范水利公司', startDate: '2024-03-01', endDate: null, progressPct: 40, acceptance: 'notStarted', acceptanceDate: null, description: '' },
  { id: 'PRJ-B1-2024', villageCode: VILLAGE_B1, year: 2024, name: '红星村饮水工程', category: 'water', fundingSource: '衔接资金', budgetFen: 20_000_000, spentFen: 5_000_000, contractor: '示范水务公司', startDate: '2024-05-01', endDate: null, progressPct: 20, acceptance: 'notStarted', acceptanceDate: null, description: '' },
];

export const notices: Notice[] = [
  { id: 'N-2024-001', villageCode: null, category: 'funds', title: '2024年耕地地力保护补贴公示', body: '全县', publishedOn: '2024-04-01' },
  { id: 'N-2024-002', villageCode: VILLAGE_A1, category: 'village', title: '东风村村务公开', body: '', publishedOn: '2024-07-15' },
  { id: 'N-2023-001', villageCode: VILLAGE_B1, category: 'village', title: '红星村村务公开', body: '', publishedOn: '2023-09-01' },
];

export const serviceItems: ServiceItem[] = [
  { code: 'MZ001', name: '临时救助申请', department: '县民政局', materials: [{ name: '身份证', copies: 1, original: true, note: '' }], promisedDays: 10, feeFen: 0, legalBasis: '社会救助暂行办法', description: '' },
];

export const holidays: Holiday[] = [
  { date: '2024-10-01', name: '国庆节', kind: 'off' },
  { date: '2024-10-12', name: '国庆节调休', kind: 'workday' },
];

export const manifest: DemoManifest = {
  format: 1,
  seed: 7,
  households: households.length,
  years: 2,
  firstYear: 2023,
  lastYear: 2024,
  dataAsOf: '2024-08-31',
  station: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 },
  counts: { disbursements: rows.length, programs: programs.length, projects: projects.length, notices: notices.length, serviceItems: serviceItems.length, holidays: holidays.length },
};

export function disbursementCsv(csvRows: readonly Disbursement[] = rows): string {
  const townshipName = new Map(county.townships.map((t) => [t.code, t.name]));
  const villageName = new Map(county.villages.map((v) => [v.code, v.name]));
  const programById = new Map(programs.map((p) => [p.id, p]));
  let text = csvLine(PUBLIC_NOTICE_COLUMNS);
  csvRows.forEach((row, i) => {
    const p = programById.get(row.programId);
    if (!p) throw new Error(`fixture program ${row.programId}`);
    text += csvLine(toPublicNoticeFields({ serial: i + 1, program: p, townshipName: townshipName.get(row.townshipCode) ?? '', villageName: villageName.get(row.villageCode) ?? '', row }));
  });
  return text;
}

/** The whole file set as the county publishes it. */
export function countyFiles(): Record<string, string> {
  return {
    [DEMO_FILES.manifest]: JSON.stringify(manifest),
    [DEMO_FILES.county]: JSON.stringify(county),
    [DEMO_FILES.programs]: JSON.stringify(programs),
    [DEMO_FILES.disbursements]: disbursementCsv(),
    [DEMO_FILES.projects]: JSON.stringify(projects),
    [DEMO_FILES.notices]: JSON.stringify(notices),
    [DEMO_FILES.serviceItems]: JSON.stringify(serviceItems),
    [DEMO_FILES.holidays]: JSON.stringify(holidays),
  };
}
