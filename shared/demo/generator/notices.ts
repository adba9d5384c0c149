import type { Notice } from '../../domain/notice';
import type { VillageProject } from '../../domain/villageProject';
import { formatFenAsYuan, formatFenGrouped } from '../../money';
import { addDays, isoDate } from './dates';
import { SUPERVISE_PHONE } from './departments';
import { DEMO_COUNTY_NAME } from './places';
import type { DemoVillage } from './places';
import type { ProgramYear } from './programs';
import { SeededRandom } from './random';

export interface NoticeSource {
  seed: number;
  firstYear: number;
  lastYear: number;
  dataAsOf: string;
  villages: readonly DemoVillage[];
  programYears: readonly ProgramYear[];
  projects: readonly VillageProject[];
}

function countyNotices(source: NoticeSource): Notice[] {
  const out: Notice[] = [];
  const rng = SeededRandom.forPart(source.seed, 'county-notices');
  for (let year = Math.max(source.firstYear, source.lastYear - 2); year <= source.lastYear; year++) {
    let n = 0;
    const add = (category: Notice['category'], title: string, body: string, publishedOn: string): void => {
      if (publishedOn <= source.dataAsOf) out.push({ id: `N-${year}-${String(++n).padStart(3, '0')}`, villageCode: null, category, title, body, publishedOn });
    };
    const programs = source.programYears.filter((p) => p.year === year);
    add('policy', `${DEMO_COUNTY_NAME}${year}年惠民惠农财政补贴政策清单`,
      `现将本县${year}年惠民惠农财政补贴项目公布如下：${programs.map((p) => p.def.name).join('、')}。` +
      '各项补贴的政策依据、补贴对象、补贴标准和主管部门可在村级服务站查询。补贴资金一律通过“一卡通”发放，任何单位和个人不得代领、截留。',
      isoDate(year, 1, rng.int(5, 20)));
    add('service', `关于开展${year}年城乡居民养老保险待遇领取资格认证的通知`,
      '领取城乡居民基础养老金的人员每年须进行一次资格认证。可通过手机自助认证，也可由村代办员上门或在服务站协助认证。' +
      '逾期未认证的将暂停发放，认证后恢复并补发。',
      isoDate(year, 3, rng.int(1, 15)));
    const land = programs.find((p) => p.def.code === 'GDLB');
    const landPaid = land?.schedule.paymentDates[0];
    if (land && landPaid) {
      add('funds', `关于${year}年${land.def.name}发放情况的公告`,
        `${year}年${land.def.name}已通过“一卡通”发放到户，补贴标准为每亩${formatFenAsYuan(land.rateFen)}元，全县共安排资金${formatFenGrouped(land.program.budgetFen)}元。` +
        '群众可在村级服务站查询本户补贴明细。对补贴面积或金额有异议的，请向村委会或乡镇农业服务中心反映。',
        addDays(landPaid, rng.int(3, 10)));
    }
    for (const p of programs.filter((x) => x.program.status === 'notice')) {
      add('funds', `${year}年${p.def.name}补贴对象名单公示`,
        `${p.def.name}补贴对象名单已在各村村务公开栏和村级服务站公示，公示期为${p.schedule.noticeFrom}至${p.schedule.noticeTo}。` +
        `对名单有异议的，可在公示期内向村委会、乡镇或拨打监督电话${SUPERVISE_PHONE}反映。`,
        p.schedule.noticeFrom);
    }
    if (programs.some((p) => p.def.code === 'ZHJZ')) {
      add('policy', `关于做好${year}年汛期受灾群众生活救助工作的通知`,
        '入汛以来我县部分乡镇遭受洪涝灾害。各乡镇要及时核查受灾农户住房和生活情况，按程序评议、公示后发放自然灾害生活救助资金，确保受灾群众有饭吃、有衣穿、有干净水喝、有安全住处。',
        isoDate(year, 7, rng.int(5, 20)));
    }
  }
  const year = source.lastYear;
  const extra: [Notice['category'], string, string, string][] = [
    ['service', `村级为民服务全程代理工作站代办事项清单（${year}年版）`,
      '县政务服务管理局会同有关部门更新了村级代办事项清单，明确每个事项的申请材料、承诺时限和收费标准。群众可在本村服务站委托代办员办理，不收取任何费用。', isoDate(year, 2, 18)],
    ['funds', '关于惠民惠农财政补贴资金问题举报方式的公告',
      `对虚报冒领、截留挪用、优亲厚友等问题，欢迎群众举报。举报电话：${SUPERVISE_PHONE}，也可拨打12345政务服务便民热线。举报人信息严格保密。`, isoDate(year, 4, 2)],
    ['service', '关于补贴资金发放失败补发工作的提醒',
      '因社保卡未激活、账户已销户或冻结、户名与账号不符等原因发放失败的补贴资金，不会被取消。请本人携带身份证和社保卡到村服务站登记，核实账户后统一补发。', isoDate(year, 6, 26)],
  ];
  let n = 50;
  for (const [category, title, body, publishedOn] of extra) {
    if (publishedOn <= source.dataAsOf) out.push({ id: `N-${year}-${String(++n).padStart(3, '0')}`, villageCode: null, category, title, body, publishedOn });
  }
  return out;
}

function villageNotices(source: NoticeSource): Notice[] {
  const out: Notice[] = [];
  for (const village of source.villages) {
    const rng = SeededRandom.forPart(source.seed, 'village-notices', village.index);
    let n = 0;
    const add = (category: Notice['category'], title: string, body: string, publishedOn: string): void => {
      if (publishedOn <= source.dataAsOf) out.push({ id: `N-${village.code}-${String(++n).padStart(2, '0')}`, villageCode: village.code, category, title, body, publishedOn });
    };
    const quarter = rng.int(1, 3);
    add('village', `${village.name}${source.lastYear}年第${quarter}季度村务财务公开`,
      `现将本村${source.lastYear}年第${quarter}季度村级财务收支、集体资产和惠农补贴发放情况予以公开，详见村务公开栏。对公开内容有疑问的，可向村务监督委员会反映。`,
      isoDate(source.lastYear, quarter * 3 + 1, rng.int(5, 15)));
    for (const project of source.projects.filter((p) => p.villageCode === village.code && p.year >= source.lastYear - 1)) {
      if (project.acceptanceDate) {
        add('village', `${project.name}竣工验收公示`,
          `${project.name}已完工并通过验收，预算${formatFenGrouped(project.budgetFen)}元，实际支出${formatFenGrouped(project.spentFen)}元，施工单位为${project.contractor}。公示期7天。`,
          project.acceptanceDate);
      } else {
        add('village', `关于${project.name}开工建设的公告`,
          `${project.name}将于${project.startDate}开工，资金来源为${project.fundingSource}，预算${formatFenGrouped(project.budgetFen)}元。施工期间请村民注意安全，并欢迎监督工程质量。`,
          addDays(project.startDate, -rng.int(3, 10)));
      }
    }
  }
  return out;
}

/** County-wide notices for the last three years and each village's own; newest first. */
export function buildNotices(source: NoticeSource): Notice[] {
  // Plain code-unit comparison: the order must not depend on the machine's locale.
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...countyNotices(source), ...villageNotices(source)].sort((a, b) => compare(b.publishedOn, a.publishedOn) || compare(a.id, b.id));
}
