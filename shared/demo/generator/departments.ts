import { DEMO_AREA_CODE, DEMO_COUNTY_NAME, DEMO_COUNTY_SHORT } from './places';

/** County departments that run programs, with their (fictional) consultation lines and document prefixes. */
export const DEPARTMENTS = {
  agriculture: { name: '农业农村局', phone: '6521380', docPrefix: '农', financeDocPrefix: '财农' },
  forestry: { name: '林业局', phone: '6523107', docPrefix: '林', financeDocPrefix: '财资环' },
  civilAffairs: { name: '民政局', phone: '6522614', docPrefix: '民', financeDocPrefix: '财社' },
  disabledFederation: { name: '残疾人联合会', phone: '6527735', docPrefix: '残联', financeDocPrefix: '财社' },
  health: { name: '卫生健康委员会', phone: '6524402', docPrefix: '卫健', financeDocPrefix: '财社' },
  socialSecurity: { name: '人力资源和社会保障局', phone: '6526150', docPrefix: '人社', financeDocPrefix: '财社' },
  emergency: { name: '应急管理局', phone: '6528119', docPrefix: '应急', financeDocPrefix: '财建' },
} as const;

export type DepartmentKey = keyof typeof DEPARTMENTS;

/** The county finance bureau's line for reporting misuse of funds (监督电话). */
export const SUPERVISE_PHONE = `${DEMO_AREA_CODE}-6520012`;

export function departmentName(key: DepartmentKey): string {
  return `${DEMO_COUNTY_NAME}${DEPARTMENTS[key].name}`;
}

export function departmentPhone(key: DepartmentKey): string {
  return `${DEMO_AREA_CODE}-${DEPARTMENTS[key].phone}`;
}

/** 岚农 … the county department's own document prefix. */
export function countyDocPrefix(key: DepartmentKey): string {
  return `${DEMO_COUNTY_SHORT}${DEPARTMENTS[key].docPrefix}`;
}

/** 岚财农 … the joint finance-bureau prefix used for fund plans. */
export function countyFinanceDocPrefix(key: DepartmentKey): string {
  return `${DEMO_COUNTY_SHORT}${DEPARTMENTS[key].financeDocPrefix}`;
}
