import type { PolicyDocument } from '../../domain/fundProgram';
import { formatFenAsYuan } from '../../money';
import { UNIT_LABELS_ZH } from '../publicNoticeCsv';
import { addDays } from './dates';
import { countyDocPrefix, countyFinanceDocPrefix, departmentName, departmentPhone } from './departments';
import { DEMO_COUNTY_NAME } from './places';
import type { ProgramDefinition } from './programCatalog';
import type { ProgramSchedule } from './programTimeline';
import type { SeededRandom } from './random';

/** Hands out document numbers so no issuer uses the same 文号 twice in a year. */
export class DocumentNumbers {
  private readonly used = new Set<string>();

  next(rng: SeededRandom, prefix: string, year: number, max: number): string {
    for (;;) {
      const docNo = `${prefix}〔${year}〕${rng.int(1, max)}号`;
      if (!this.used.has(docNo)) {
        this.used.add(docNo);
        return docNo;
      }
    }
  }
}

function rateText(def: ProgramDefinition, rateFen: number): string {
  const perPeriod = def.periods === 4 ? '每季度' : '';
  return `${perPeriod}${formatFenAsYuan(rateFen)}元/${UNIT_LABELS_ZH[def.unit]}`;
}

/**
 * The policy basis of one program-year: the province's allocation notice first (the 文号 printed
 * on the public-notice list), then the county's implementation plan, sometimes a notice on the
 * public-notice work itself.
 */
export function documentsFor(
  def: ProgramDefinition,
  year: number,
  rateFen: number,
  schedule: ProgramSchedule,
  rng: SeededRandom,
  numbers: DocumentNumbers,
): PolicyDocument[] {
  const plan = schedule.stages[0]?.date ?? schedule.noticeFrom;
  const register = schedule.stages[1]?.date ?? plan;
  const department = departmentName(def.department);
  const provincialDate = addDays(plan, -rng.int(20, 60));
  const provincialYear = Number(provincialDate.slice(0, 4));
  // Money for early-year programs is allocated in advance, in the previous year's numbering.
  const inAdvance = provincialYear < year;
  const docs: PolicyDocument[] = [
    {
      docNo: numbers.next(rng, def.provincial.prefix, provincialYear, 160),
      title: inAdvance ? `关于提前下达${year}年${def.name}资金预算的通知` : `关于下达${year}年${def.name}资金的通知`,
      issuer: def.provincial.issuer,
      date: provincialDate,
      summary:
        `下达${year}年全省${def.name}资金，用于${def.purpose}。` +
        `补贴对象为${def.eligibility.replace(/。$/, '')}。` +
        '资金通过惠民惠农财政补贴资金“一卡通”直接发放到户，严禁截留、挤占、挪用。',
    },
    {
      docNo: numbers.next(rng, countyFinanceDocPrefix(def.department), year, 40),
      title: `${DEMO_COUNTY_NAME}${year}年${def.name}实施方案`,
      issuer: `${DEMO_COUNTY_NAME}财政局 ${department}`,
      date: plan,
      summary:
        `明确本县${year}年${def.name}的补贴对象、标准和发放程序，补贴标准为${rateText(def, rateFen)}。` +
        `以村民小组为单位登记造册，经村级公示不少于7天、乡镇审核、县级核定后发放。` +
        `政策咨询请拨打${department}电话${departmentPhone(def.department)}。`,
    },
  ];
  if (rng.chance(0.4)) {
    docs.push({
      docNo: numbers.next(rng, countyDocPrefix(def.department), year, 60),
      title: `关于做好${year}年${def.name}公示工作的通知`,
      issuer: department,
      date: register,
      summary:
        `要求各乡镇、村将${def.name}补贴名册在村务公开栏和村级服务站公示，公示期不少于7天。` +
        '公示内容包括户主姓名、计量依据、补贴标准和金额，身份证号码和银行账号须隐去中间位数。',
    });
  }
  return docs;
}
