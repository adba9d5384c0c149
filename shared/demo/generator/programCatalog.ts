import type { ProgramCategory, QuantityUnit } from '../../domain/fundProgram';
import type { DepartmentKey } from './departments';
import type { DemoHousehold } from './households';
import { hashInts, keyedUnit, labelKey } from './random';

/**
 * The county's subsidy programs: who qualifies, at what rate, and how much of each household
 * counts. Quantities are hundredths of the unit (8.50 亩 → 850; 2 人 → 200). Every yearly choice
 * is hashed from (seed, program, household, year), so any row can be recomputed on its own.
 */
export interface ProgramDefinition {
  code: string;
  name: string;
  category: ProgramCategory;
  unit: QuantityUnit;
  department: DepartmentKey;
  /** 1: paid once a year; 4: paid quarterly (期号 1–4). */
  periods: 1 | 4;
  /** Budget shares in percent: central, province, city, county. */
  shares: readonly [number, number, number, number];
  /** Month and day the year's fund plan is usually handed down. */
  planOn: readonly [number, number];
  provincial: { prefix: string; issuer: string };
  eligibility: string;
  /** One sentence on what the money is for (used in document summaries). */
  purpose: string;
  active(year: number, seed: number): boolean;
  /** Per unit and per period, in fen. */
  rateFen(year: number, seed: number): number;
  quantity(household: DemoHousehold, year: number, seed: number): number;
}

const ALWAYS = (): boolean => true;

// Hash keys of the program codes, computed once: quantities are asked for millions of times.
const KEY = Object.fromEntries(
  ['GDLB', 'DGBT', 'ZLBT', 'NJGZ', 'NFMZ', 'DBBZ', 'ZHJZ'].map((code) => [code, labelKey(code)]),
) as Record<'GDLB' | 'DGBT' | 'ZLBT' | 'NJGZ' | 'NFMZ' | 'DBBZ' | 'ZHJZ', number>;

/** A yearly jitter in [-spread, spread] fen, fixed per seed, program and year. */
function jitter(seed: number, key: number, year: number, spread: number): number {
  return Math.floor((keyedUnit(seed, key, year) - 0.5) * 2 * spread);
}

function yearsSince2016(year: number): number {
  return year - 2016;
}

/** How many of the head and spouse have reached `age` in `year`. */
function peopleAged(h: DemoHousehold, year: number, age: number): number {
  let n = year - h.headBirthYear >= age ? 1 : 0;
  if (h.spouseBirthYear !== null && year - h.spouseBirthYear >= age) n++;
  return n;
}

function householdUnit(seed: number, key: number, h: DemoHousehold, year: number, salt = 0): number {
  return keyedUnit(seed, key, h.index, year, salt);
}

const ANHUI_FINANCE_AGRICULTURE = { prefix: '皖财农', issuer: '安徽省财政厅 安徽省农业农村厅' };

export const PROGRAM_CATALOG: readonly ProgramDefinition[] = [
  {
    code: 'GDLB', name: '耕地地力保护补贴', category: 'planting', unit: 'mu', department: 'agriculture', periods: 1,
    shares: [100, 0, 0, 0], planOn: [4, 10], provincial: ANHUI_FINANCE_AGRICULTURE,
    eligibility: '拥有耕地承包权的种地农民，按二轮承包（确权）耕地面积补贴；已改为林地、建设用地或长年抛荒的耕地不予补贴。',
    purpose: '支持耕地地力保护，引导农民保护和提升耕地质量',
    active: ALWAYS,
    rateFen: (year, seed) =>
      Math.min(13000, Math.max(9500, 9500 + Math.floor(keyedUnit(seed, KEY.GDLB) * 2200) + yearsSince2016(year) * 90 + jitter(seed, KEY.GDLB, year, 150))),
    quantity: (h) => h.landHundredths,
  },
  {
    code: 'DGBT', name: '稻谷补贴', category: 'grain', unit: 'mu', department: 'agriculture', periods: 1,
    shares: [100, 0, 0, 0], planOn: [10, 12], provincial: ANHUI_FINANCE_AGRICULTURE,
    eligibility: '当年实际种植稻谷的农户，按乡镇核实的稻谷种植面积补贴。',
    purpose: '保护稻谷生产者收益，稳定稻谷种植面积',
    active: (year) => year >= 2018,
    rateFen: (year, seed) => 2000 + Math.floor(keyedUnit(seed, KEY.DGBT, year) * 1500),
    quantity: (h) => h.riceHundredths,
  },
  {
    code: 'ZLBT', name: '实际种粮农民一次性补贴', category: 'grain', unit: 'mu', department: 'agriculture', periods: 1,
    shares: [100, 0, 0, 0], planOn: [5, 20], provincial: ANHUI_FINANCE_AGRICULTURE,
    eligibility: '实际承担农资价格上涨成本的种粮农民，包括自种农户和流转土地种粮的大户、合作社；按实际种粮面积补贴。',
    purpose: '适当弥补农资价格上涨带来的种粮增支，稳定农民种粮收益',
    active: (year) => year >= 2021 && year <= 2023,
    rateFen: (year, seed) => 1000 + Math.floor(keyedUnit(seed, KEY.ZLBT, year) * 1500),
    quantity: (h, year, seed) => (h.grainFarmer ? Math.round(h.landHundredths * (0.6 + 0.4 * householdUnit(seed, KEY.ZLBT, h, year))) : 0),
  },
  {
    code: 'NJGZ', name: '农机购置补贴', category: 'machinery', unit: 'machine', department: 'agriculture', periods: 1,
    shares: [100, 0, 0, 0], planOn: [6, 1], provincial: ANHUI_FINANCE_AGRICULTURE,
    eligibility: '当年购置补贴目录内农业机械并通过核验的农户和农业生产经营组织，按机具定额补贴，每户年度补贴台数有上限。',
    purpose: '支持农民购置先进适用农业机械，提高农业机械化水平',
    active: ALWAYS,
    rateFen: (year, seed) => (6000 + Math.floor(keyedUnit(seed, KEY.NJGZ, year) * 4000)) * 100,
    quantity: (h, year, seed) => {
      if (h.landHundredths < 500 || householdUnit(seed, KEY.NJGZ, h, year) >= 0.012) return 0;
      return householdUnit(seed, KEY.NJGZ, h, year, 1) < 0.15 ? 200 : 100;
    },
  },
  {
    code: 'STGYL', name: '生态公益林补偿', category: 'ecology', unit: 'mu', department: 'forestry', periods: 1,
    shares: [100, 0, 0, 0], planOn: [8, 15], provincial: { prefix: '皖财资环', issuer: '安徽省财政厅 安徽省林业局' },
    eligibility: '区划界定为国家级、省级公益林的集体和个人所有林地的经营者，按公益林面积补偿。',
    purpose: '补偿公益林经营者的管护支出，巩固生态保护成果',
    active: ALWAYS,
    rateFen: (year) => (year < 2019 ? 1500 : 1600),
    quantity: (h) => h.forestHundredths,
  },
  {
    code: 'TGHL', name: '退耕还林补助', category: 'ecology', unit: 'mu', department: 'forestry', periods: 1,
    shares: [100, 0, 0, 0], planOn: [5, 8], provincial: { prefix: '皖财资环', issuer: '安徽省财政厅 安徽省林业局' },
    eligibility: '前一轮退耕还林完善政策补助期内、经检查验收合格的退耕农户，按退耕地面积补助。',
    purpose: '巩固退耕还林成果，解决退耕农户生活困难',
    active: (year) => year <= 2021,
    rateFen: () => 12500,
    quantity: (h) => h.returnedFarmlandHundredths,
  },
  {
    code: 'NFMZ', name: '能繁母猪补贴', category: 'livestock', unit: 'head', department: 'agriculture', periods: 1,
    shares: [60, 20, 0, 20], planOn: [6, 20], provincial: { prefix: '皖农牧', issuer: '安徽省农业农村厅 安徽省财政厅' },
    eligibility: '当年存栏能繁母猪并已佩戴耳标、参加能繁母猪保险的养殖户，按核实存栏头数补贴。',
    purpose: '稳定生猪基础产能，保障猪肉市场供应',
    active: ALWAYS,
    rateFen: () => 10000,
    quantity: (h, year, seed) => {
      if (!h.keepsSows || householdUnit(seed, KEY.NFMZ, h, year) < 0.15) return 0;
      return (2 + Math.floor(householdUnit(seed, KEY.NFMZ, h, year, 1) * 28)) * 100;
    },
  },
  {
    code: 'DBBZ', name: '农村最低生活保障', category: 'livelihood', unit: 'person', department: 'civilAffairs', periods: 4,
    shares: [70, 15, 5, 10], planOn: [1, 10], provincial: { prefix: '皖财社', issuer: '安徽省财政厅 安徽省民政厅' },
    eligibility: '家庭人均收入低于当地农村低保标准且财产状况符合规定的农村居民，经申请、入户调查、民主评议和公示后纳入，按月核定、按季发放。',
    purpose: '保障农村困难群众基本生活',
    active: ALWAYS,
    rateFen: (year, seed) => 3 * Math.max(20000, 25000 + yearsSince2016(year) * 1900 + jitter(seed, KEY.DBBZ, year, 500)),
    quantity: (h, year) => (h.lowIncome && year >= h.lowIncome.fromYear && year <= h.lowIncome.toYear ? h.lowIncome.persons * 100 : 0),
  },
  {
    code: 'CJSH', name: '困难残疾人生活补贴', category: 'livelihood', unit: 'person', department: 'disabledFederation', periods: 4,
    shares: [0, 50, 20, 30], planOn: [1, 12], provincial: { prefix: '皖残联', issuer: '安徽省残疾人联合会 安徽省财政厅' },
    eligibility: '持有第二代残疾人证、家庭经济困难的残疾人，按月标准按季发放。',
    purpose: '解决困难残疾人的额外生活支出',
    active: ALWAYS,
    rateFen: (year) => 3 * Math.max(5000, 6000 + yearsSince2016(year) * 330),
    quantity: (h, year) => (h.disabled && year >= h.disabled.sinceYear ? h.disabled.persons * 100 : 0),
  },
  {
    code: 'ZDHL', name: '重度残疾人护理补贴', category: 'livelihood', unit: 'person', department: 'disabledFederation', periods: 4,
    shares: [0, 50, 20, 30], planOn: [1, 12], provincial: { prefix: '皖残联', issuer: '安徽省残疾人联合会 安徽省财政厅' },
    eligibility: '残疾等级为一级、二级且需要长期照护的重度残疾人，按月标准按季发放。',
    purpose: '解决重度残疾人的长期照护支出',
    active: ALWAYS,
    rateFen: (year) => 3 * Math.max(5000, 5000 + yearsSince2016(year) * 330),
    quantity: (h, year) => (h.disabled && h.disabled.severe && year >= h.disabled.sinceYear ? 100 : 0),
  },
  {
    code: 'GLJT', name: '高龄津贴', category: 'livelihood', unit: 'person', department: 'civilAffairs', periods: 4,
    shares: [0, 40, 20, 40], planOn: [1, 15], provincial: { prefix: '皖民', issuer: '安徽省民政厅 安徽省财政厅' },
    eligibility: '具有本县户籍、年满80周岁的老年人，按月标准按季发放。',
    purpose: '提高高龄老年人生活质量',
    active: ALWAYS,
    rateFen: (year) => 3 * Math.max(3000, 3000 + yearsSince2016(year) * 200),
    quantity: (h, year) => peopleAged(h, year, 80) * 100,
  },
  {
    code: 'JSFZ', name: '农村部分计划生育家庭奖励扶助', category: 'livelihood', unit: 'person', department: 'health', periods: 1,
    shares: [80, 10, 0, 10], planOn: [3, 5], provincial: { prefix: '皖卫家庭', issuer: '安徽省卫生健康委员会 安徽省财政厅' },
    eligibility: '本人及配偶均为农业户口、只生育一个子女或两个女孩、年满60周岁的农村计划生育家庭夫妻，按人按年发放。',
    purpose: '奖励扶助农村计划生育家庭，解决其养老保障问题',
    active: ALWAYS,
    rateFen: (year) => (year >= 2024 ? 120000 : 96000),
    quantity: (h, year) => (h.familyPlanningReward ? peopleAged(h, year, 60) * 100 : 0),
  },
  {
    code: 'YLJ', name: '城乡居民基础养老金', category: 'livelihood', unit: 'person', department: 'socialSecurity', periods: 4,
    shares: [85, 10, 0, 5], planOn: [1, 8], provincial: { prefix: '皖人社', issuer: '安徽省人力资源和社会保障厅 安徽省财政厅' },
    eligibility: '参加城乡居民基本养老保险、年满60周岁、未领取其他基本养老保障待遇的居民，按月标准按季发放。',
    purpose: '保障城乡老年居民基本生活',
    active: ALWAYS,
    rateFen: (year) => 3 * Math.max(7000, 7000 + yearsSince2016(year) * 900),
    quantity: (h, year) => peopleAged(h, year, 60) * 100,
  },
  {
    code: 'ZHJZ', name: '自然灾害生活救助', category: 'disaster', unit: 'household', department: 'emergency', periods: 1,
    shares: [60, 30, 0, 10], planOn: [7, 25], provincial: { prefix: '皖财建', issuer: '安徽省财政厅 安徽省应急管理厅' },
    eligibility: '因洪涝、风雹等自然灾害造成住房损毁或基本生活困难的受灾农户，经村级评议、乡镇审核后按户救助。',
    purpose: '帮助受灾群众解决过渡期基本生活困难',
    active: (year, seed) => year === 2020 || keyedUnit(seed, KEY.ZHJZ, year) < 0.3,
    rateFen: (year, seed) => 150000 + Math.floor(keyedUnit(seed, KEY.ZHJZ, year, 1) * 16) * 10000,
    quantity: (h, year, seed) => {
      if (householdUnit(seed, KEY.ZHJZ, h, year) >= 0.12) return 0;
      return keyedUnit(seed, KEY.ZHJZ, hashInts(Number(h.villageCode.slice(6))), year) < 0.5 ? 100 : 0;
    },
  },
];
