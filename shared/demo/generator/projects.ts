import type { VillageProject } from '../../domain/villageProject';
import { addDays, isoDate } from './dates';
import { DEMO_COUNTY_NAME, type DemoVillage } from './places';
import { SeededRandom } from './random';

type Category = VillageProject['category'];

const TEMPLATES: Record<Category, { names: readonly string[]; funding: readonly string[]; yuan: readonly [number, number]; months: readonly [number, number] }> = {
  road: {
    names: ['{g}组村组道路硬化工程', '{v}至{g}组水泥路延伸工程', '{v}村内道路拓宽及错车道建设', '{g}组生产便道修缮工程'],
    funding: ['一事一议财政奖补资金', '财政衔接推进乡村振兴补助资金', '农村公路建设资金'],
    yuan: [80_000, 1_200_000], months: [2, 6],
  },
  irrigation: {
    names: ['{v}灌溉渠道清淤及防渗改造', '{g}组灌溉泵站更新改造', '{v}当家塘扩挖整治', '{g}组农田排涝沟疏浚'],
    funding: ['农田水利建设资金', '高标准农田建设资金', '一事一议财政奖补资金'],
    yuan: [50_000, 900_000], months: [2, 5],
  },
  water: {
    names: ['{v}农村饮水安全巩固提升工程', '{g}组自来水管网延伸工程', '{v}供水管网改造'],
    funding: ['农村饮水安全工程资金', '财政衔接推进乡村振兴补助资金'],
    yuan: [60_000, 700_000], months: [2, 5],
  },
  housing: {
    names: ['{v}农村危房改造（{g}组）', '{v}农房抗震改造试点'],
    funding: ['农村危房改造补助资金'],
    yuan: [40_000, 400_000], months: [3, 7],
  },
  environment: {
    names: ['{v}人居环境整治（垃圾收集点建设）', '{v}改厕及污水处理设施建设', '{g}组村庄绿化美化工程', '{v}村级文化广场建设'],
    funding: ['农村人居环境整治资金', '美丽乡村建设资金', '村级集体经济收入'],
    yuan: [30_000, 600_000], months: [1, 4],
  },
  industry: {
    names: ['{v}光伏电站建设', '{v}特色种植基地大棚建设', '{v}农产品冷链仓储设施', '{v}村集体稻虾共养基地'],
    funding: ['财政衔接推进乡村振兴补助资金', '村级集体经济发展资金'],
    yuan: [200_000, 1_500_000], months: [3, 8],
  },
};
const CATEGORIES = Object.keys(TEMPLATES) as Category[];

const CONTRACTOR_PLACES = ['安徽', '淮川市', DEMO_COUNTY_NAME] as const;
const CONTRACTOR_NAMES = ['皖兴', '华川', '宏达', '青岚', '恒通', '淮润', '鑫源', '安泰', '润丰', '金盛', '绿洲', '德信'] as const;
const CONTRACTOR_KINDS = ['建设工程有限公司', '水利建筑工程有限公司', '市政工程有限公司', '建筑安装有限公司', '新能源科技有限公司'] as const;

function projectDescription(name: string, village: DemoVillage, funding: string, budgetYuan: number): string {
  return `${name}经村民代表大会讨论通过，由乡镇组织招标，使用${funding}${budgetYuan}元，` +
    `项目实施情况和资金使用情况在${village.name}村务公开栏公示，接受群众监督。`;
}

/** 3–6 public-works projects per village over the years covered; the latest may still be under way. */
export function buildProjects(seed: number, villages: readonly DemoVillage[], firstYear: number, lastYear: number, dataAsOf: string): VillageProject[] {
  const projects: VillageProject[] = [];
  for (const village of villages) {
    const rng = SeededRandom.forPart(seed, 'projects', village.index);
    const count = rng.int(3, 6);
    const years = Array.from({ length: count }, () => rng.int(firstYear, lastYear)).sort((a, b) => a - b);
    years.forEach((year, i) => {
      const category = rng.pick(CATEGORIES);
      const template = TEMPLATES[category];
      const name = rng.pick(template.names).replace('{v}', village.name).replace('{g}', `${rng.int(1, village.groups)}`);
      const funding = rng.pick(template.funding);
      const budgetYuan = Math.round(rng.int(template.yuan[0], template.yuan[1]) / 100) * 100;
      const startDate = isoDate(year, rng.int(3, 10), rng.int(1, 28));
      const plannedEnd = addDays(startDate, rng.int(template.months[0], template.months[1]) * 30);
      const finished = plannedEnd <= dataAsOf;
      const started = startDate <= dataAsOf;
      let progressPct = 100;
      if (!started) progressPct = 0;
      else if (!finished) progressPct = Math.min(95, Math.max(5, Math.round(rng.bell(10, 90))));
      // Most projects come in slightly under budget; a few overrun and are re-approved.
      const spentShare = finished ? (rng.chance(0.1) ? rng.bell(1.01, 1.12) : rng.bell(0.9, 1)) : (progressPct / 100) * rng.bell(0.7, 1);
      const spentFen = Math.round(budgetYuan * spentShare) * 100;
      let acceptance: VillageProject['acceptance'] = 'notStarted';
      let acceptanceDate: string | null = null;
      if (finished) {
        const checkDate = addDays(plannedEnd, rng.int(10, 45));
        if (checkDate > dataAsOf) acceptance = 'pending';
        else {
          acceptance = rng.chance(0.06) ? 'failed' : 'passed';
          acceptanceDate = checkDate;
        }
      }
      projects.push({
        id: `PRJ-${village.code}-${String(i + 1).padStart(2, '0')}`,
        villageCode: village.code,
        year,
        name,
        category,
        fundingSource: funding,
        budgetFen: budgetYuan * 100,
        spentFen,
        contractor: `${rng.pick(CONTRACTOR_PLACES)}${rng.pick(CONTRACTOR_NAMES)}${rng.pick(CONTRACTOR_KINDS)}`,
        startDate,
        endDate: finished ? plannedEnd : null,
        progressPct,
        acceptance,
        acceptanceDate,
        description: projectDescription(name, village, funding, budgetYuan),
      });
    });
  }
  return projects;
}
