import type { AllocationStage, FundProgram, StageKind } from '../../domain/fundProgram';
import { addDays, addMonths, isoDate } from './dates';
import { departmentName, DEPARTMENTS } from './departments';
import { DEMO_COUNTY_NAME } from './places';
import type { ProgramDefinition } from './programCatalog';
import type { SeededRandom } from './random';

/** The dates one program-year goes through, decided in full even when the data is published mid-way. */
export interface ProgramSchedule {
  /** All seven stages, in order, with increasing dates. */
  stages: AllocationStage[];
  noticeFrom: string;
  noticeTo: string;
  /** The day each period (期) is paid; period 1 is the payment stage itself. */
  paymentDates: string[];
}

export const MIN_NOTICE_DAYS = 7;

function stageNote(kind: StageKind, def: ProgramDefinition, noticeDays: number): string {
  const department = departmentName(def.department);
  switch (kind) {
    case 'plan':
      return `${DEMO_COUNTY_NAME}财政局、${DEPARTMENTS[def.department].name}下达年度资金计划和实施方案。`;
    case 'register':
      return '各村以村民小组为单位入户核实、登记造册，经村两委审核后报乡镇。';
    case 'notice':
      return `在村务公开栏和本村服务站公示${noticeDays}天，接受群众监督，对公示有异议的可向村、乡镇或县主管部门反映。`;
    case 'townshipReview':
      return '乡镇人民政府审核各村名册和公示情况，汇总上报。';
    case 'countyApproval':
      return `${department}会同县财政局核定补贴对象和金额。`;
    case 'payment':
      return def.periods === 4
        ? '通过惠民惠农财政补贴资金“一卡通”按季发放到户（3月、6月、9月、12月）。'
        : '通过惠民惠农财政补贴资金“一卡通”一次性发放到户。';
    case 'done':
      return '资金发放完毕，发放失败的经核实账户后补发，资料归档备查。';
  }
}

export function scheduleFor(def: ProgramDefinition, year: number, rng: SeededRandom): ProgramSchedule {
  const quarterly = def.periods === 4;
  const plan = addDays(isoDate(year, def.planOn[0], def.planOn[1]), rng.int(-5, 7));
  const register = addDays(plan, quarterly ? rng.int(7, 14) : rng.int(10, 25));
  const noticeFrom = addDays(register, rng.int(3, 8));
  const noticeDays = MIN_NOTICE_DAYS + rng.int(0, 3);
  const noticeTo = addDays(noticeFrom, noticeDays);
  const review = addDays(noticeTo, rng.int(2, 6));
  const approval = addDays(review, rng.int(4, 10));
  // Quarterly programs pay on the same day in the last month of each quarter (the plan lands in
  // January, so approval is always done well before mid-March).
  const payment = quarterly ? isoDate(year, 3, rng.int(15, 25)) : addDays(approval, rng.int(5, 15));
  const paymentDates = quarterly ? [0, 3, 6, 9].map((m) => addMonths(payment, m)) : [payment];
  const done = addDays(paymentDates[paymentDates.length - 1] as string, rng.int(8, 25));
  const dates: Record<StageKind, string> = {
    plan, register, notice: noticeFrom, townshipReview: review, countyApproval: approval, payment, done,
  };
  const stages = (Object.keys(dates) as StageKind[]).map((kind) => ({ kind, date: dates[kind], note: stageNote(kind, def, noticeDays + 1) }));
  return { stages, noticeFrom, noticeTo, paymentDates };
}

export interface ScheduleProgress {
  /** Stages reached by the data date (what the county has published). */
  stages: AllocationStage[];
  status: FundProgram['status'];
  /** Whether the beneficiary list is public yet (the notice has started). */
  listPublished: boolean;
}

const STATUS_BY_STAGE: Record<StageKind, FundProgram['status']> = {
  plan: 'planned',
  register: 'planned',
  notice: 'notice',
  townshipReview: 'notice',
  countyApproval: 'notice',
  payment: 'paying',
  done: 'completed',
};

export function progressAsOf(schedule: ProgramSchedule, asOf: string): ScheduleProgress {
  const stages = schedule.stages.filter((s) => s.date <= asOf);
  const last = stages[stages.length - 1];
  return {
    stages,
    status: last ? STATUS_BY_STAGE[last.kind] : 'planned',
    listPublished: schedule.noticeFrom <= asOf,
  };
}
