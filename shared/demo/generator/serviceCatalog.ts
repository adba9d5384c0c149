import type { ServiceItem } from '../../domain/serviceItem';
import { DEMO_COUNTY_NAME } from './places';

/**
 * The list of matters a village agent may handle on a resident's behalf (代办事项清单), with the
 * materials to bring, the promised working days and the basis in law. It is the same in every
 * village of the county, so it is fixed rather than random.
 */
type Material = ServiceItem['materials'][number];

const idCard = (copies = 1): Material => ({ name: '居民身份证', copies, original: true, note: '原件核验后退还' });
const householdBook: Material = { name: '户口簿', copies: 1, original: true, note: '首页及本人页' };
const socialCard: Material = { name: '社会保障卡（一卡通）', copies: 1, original: true, note: '' };
const form = (name: string): Material => ({ name, copies: 1, original: true, note: '服务站提供，可由代办员协助填写' });
const photo: Material = { name: '近期免冠一寸照片', copies: 2, original: true, note: '白底' };

interface Entry {
  code: string;
  name: string;
  department: string;
  materials: Material[];
  promisedDays: number;
  feeFen?: number;
  legalBasis: string;
  description: string;
}

const ENTRIES: readonly Entry[] = [
  { code: 'SB001', name: '城乡居民基本养老保险参保登记', department: '县人力资源和社会保障局', materials: [idCard(), householdBook, form('城乡居民基本养老保险参保登记表')], promisedDays: 5, legalBasis: '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）', description: '年满16周岁、不在校、未参加职工养老保险的本县户籍居民办理参保登记。' },
  { code: 'SB002', name: '养老保险待遇资格认证', department: '县人力资源和社会保障局', materials: [idCard(0), socialCard], promisedDays: 1, legalBasis: '《人力资源社会保障部关于全面取消领取社会保险待遇资格集中认证的通知》', description: '领取养老金人员每年一次资格认证；行动不便的由代办员上门协助认证。' },
  { code: 'SB003', name: '城乡居民养老保险待遇领取申请', department: '县人力资源和社会保障局', materials: [idCard(), householdBook, socialCard, form('城乡居民基本养老保险待遇领取申请表')], promisedDays: 10, legalBasis: '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）', description: '参保人年满60周岁，申请按月领取城乡居民养老保险待遇。' },
  { code: 'SB004', name: '社会保障卡申领', department: '县人力资源和社会保障局', materials: [idCard(), photo, form('社会保障卡申领登记表')], promisedDays: 15, legalBasis: '《社会保障卡管理办法》', description: '首次申领社会保障卡，开通金融账户后用于领取各类补贴。' },
  { code: 'SB005', name: '社会保障卡挂失及补换', department: '县人力资源和社会保障局', materials: [idCard(), form('社会保障卡补换申请表')], promisedDays: 10, legalBasis: '《社会保障卡管理办法》', description: '社会保障卡丢失、损坏或信息变更时办理挂失和补换。' },
  { code: 'YB001', name: '城乡居民基本医疗保险参保缴费', department: '县医疗保障局', materials: [idCard(0), householdBook], promisedDays: 1, legalBasis: '《中华人民共和国社会保险法》第二十五条', description: '代为办理年度城乡居民医保参保登记和缴费。' },
  { code: 'YB002', name: '新型农村合作医疗报销（城乡居民医保零星报销）', department: '县医疗保障局', materials: [idCard(), socialCard, { name: '医疗费用发票', copies: 0, original: true, note: '原件' }, { name: '费用明细清单', copies: 1, original: true, note: '' }, { name: '出院小结或诊断证明', copies: 1, original: false, note: '住院报销须提供' }], promisedDays: 15, legalBasis: '《中华人民共和国社会保险法》第二十八条', description: '在县外就医未能直接结算的医疗费用，代为提交报销申请。' },
  { code: 'YB003', name: '门诊慢特病待遇认定', department: '县医疗保障局', materials: [idCard(), { name: '二级以上医院诊断证明及病历', copies: 1, original: false, note: '' }, form('门诊慢特病待遇认定申请表')], promisedDays: 20, legalBasis: '《安徽省基本医疗保险门诊慢特病管理办法》', description: '患有高血压、糖尿病等慢特病的参保人申请门诊待遇认定。' },
  { code: 'MZ001', name: '最低生活保障申请', department: '县民政局', materials: [idCard(), householdBook, form('最低生活保障申请书'), { name: '家庭经济状况核对授权书', copies: 1, original: true, note: '共同生活家庭成员签字' }, { name: '残疾证、病历等证明材料', copies: 1, original: false, note: '如有' }], promisedDays: 30, legalBasis: '《社会救助暂行办法》第十一条', description: '家庭人均收入低于当地低保标准的农村家庭申请最低生活保障。' },
  { code: 'MZ002', name: '特困人员救助供养申请', department: '县民政局', materials: [idCard(), householdBook, form('特困人员救助供养申请书')], promisedDays: 30, legalBasis: '《社会救助暂行办法》第十四条', description: '无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未成年人申请救助供养。' },
  { code: 'MZ003', name: '临时救助申请', department: '县民政局', materials: [idCard(), householdBook, form('临时救助申请书'), { name: '困难情况证明材料', copies: 1, original: false, note: '医疗发票、事故证明等' }], promisedDays: 15, legalBasis: '《社会救助暂行办法》第四十七条', description: '因火灾、交通事故、重病等突发困难导致基本生活暂时困难的家庭申请临时救助。' },
  { code: 'MZ004', name: '高龄津贴申请', department: '县民政局', materials: [idCard(), householdBook, socialCard], promisedDays: 15, legalBasis: '《安徽省实施〈中华人民共和国老年人权益保障法〉办法》', description: '年满80周岁的本县户籍老年人申请高龄津贴。' },
  { code: 'MZ005', name: '困难残疾人生活补贴和重度残疾人护理补贴申请', department: '县民政局', materials: [idCard(), { name: '中华人民共和国残疾人证（第二代）', copies: 1, original: true, note: '' }, socialCard, form('残疾人两项补贴申请审批表')], promisedDays: 20, legalBasis: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）', description: '符合条件的残疾人申请生活补贴或护理补贴。' },
  { code: 'CL001', name: '残疾人证办理', department: '县残疾人联合会', materials: [idCard(), householdBook, photo, form('残疾人证申请表')], promisedDays: 30, legalBasis: '《中华人民共和国残疾人证管理办法》', description: '首次申领残疾人证，须到指定医院进行残疾评定。' },
  { code: 'CL002', name: '残疾人证换领及迁移', department: '县残疾人联合会', materials: [idCard(), { name: '原残疾人证', copies: 0, original: true, note: '交回' }, photo], promisedDays: 10, legalBasis: '《中华人民共和国残疾人证管理办法》', description: '残疾人证到期换领、户籍迁移或信息变更。' },
  { code: 'WJ001', name: '计划生育奖励扶助申请', department: '县卫生健康委员会', materials: [idCard(), householdBook, { name: '结婚证', copies: 1, original: true, note: '' }, form('农村部分计划生育家庭奖励扶助对象申报表')], promisedDays: 30, legalBasis: '《安徽省人口与计划生育条例》', description: '符合条件的农村计划生育家庭夫妻年满60周岁时申请奖励扶助金。' },
  { code: 'WJ002', name: '生育登记', department: '县卫生健康委员会', materials: [idCard(), { name: '结婚证', copies: 1, original: true, note: '' }], promisedDays: 1, legalBasis: '《中华人民共和国人口与计划生育法》', description: '办理生育登记，享受孕产期保健等服务。' },
  { code: 'NY001', name: '耕地地力保护补贴面积变更', department: '县农业农村局', materials: [idCard(), { name: '农村土地承包经营权证', copies: 1, original: true, note: '' }, form('补贴面积变更申请表')], promisedDays: 15, legalBasis: '《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）', description: '承包地面积变化、继承或分户后申请变更补贴面积。' },
  { code: 'NY002', name: '农机购置补贴申请', department: '县农业农村局', materials: [idCard(), { name: '购机发票', copies: 1, original: true, note: '' }, { name: '机具铭牌及人机合影照片', copies: 1, original: true, note: '' }, socialCard], promisedDays: 20, legalBasis: '《农业机械购置与应用补贴实施意见》', description: '购买补贴目录内农机具后申请购置补贴。' },
  { code: 'NY003', name: '农村土地承包经营权流转合同备案', department: '县农业农村局', materials: [idCard(2), { name: '土地流转合同', copies: 2, original: true, note: '' }], promisedDays: 10, legalBasis: '《中华人民共和国农村土地承包法》第三十六条', description: '土地出租、入股等流转合同备案，保障流转双方权益。' },
  { code: 'ZJ001', name: '农村建房申请', department: '县自然资源和规划局', materials: [idCard(), householdBook, form('农村宅基地和建房（规划许可）申请表'), { name: '建房设计图或通用图', copies: 1, original: true, note: '' }, { name: '四邻意见', copies: 1, original: true, note: '相邻户签字' }], promisedDays: 20, legalBasis: '《中华人民共和国土地管理法》第六十二条', description: '农村村民在本村申请宅基地和建房规划许可。' },
  { code: 'ZJ002', name: '农村危房改造申请', department: '县住房和城乡建设局', materials: [idCard(), householdBook, form('农村危房改造申请表'), { name: '房屋现状照片', copies: 1, original: true, note: '' }], promisedDays: 30, legalBasis: '《住房和城乡建设部 财政部 民政部 国家乡村振兴局关于做好农村低收入群体等重点对象住房安全保障工作的实施意见》', description: '低保户、分散供养特困人员等重点对象住房经鉴定为危房的申请改造补助。' },
  { code: 'CZ001', name: '一卡通账户变更', department: '县财政局', materials: [idCard(), { name: '新的社会保障卡或银行卡', copies: 1, original: true, note: '须为本人实名账户' }, form('惠民惠农补贴发放账户变更申请表')], promisedDays: 5, legalBasis: '《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》（财农〔2019〕96号）', description: '补贴发放账户销户、冻结或更换后，申请变更发放账户。' },
  { code: 'CZ002', name: '补贴发放失败补发申请', department: '县财政局', materials: [idCard(), socialCard, form('补贴资金补发申请表')], promisedDays: 10, legalBasis: '《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》（财农〔2019〕96号）', description: '因账户问题发放失败或被退回的补贴，核实账户后申请补发。' },
  { code: 'HJ001', name: '居民身份证申领', department: '县公安局', materials: [householdBook, { name: '原居民身份证', copies: 0, original: true, note: '换领时交回' }], promisedDays: 20, feeFen: 2000, legalBasis: '《中华人民共和国居民身份证法》第八条', description: '代为预约、初审身份证申领和换领，本人须到场采集照片和指纹。工本费由公安机关收取。' },
  { code: 'TY001', name: '优抚对象定期抚恤补助资格认证', department: '县退役军人事务局', materials: [idCard(0), { name: '优待证或抚恤证', copies: 0, original: true, note: '' }], promisedDays: 5, legalBasis: '《军人抚恤优待条例》', description: '享受定期抚恤补助的优抚对象每年资格认证。' },
  { code: 'JY001', name: '家庭经济困难学生资助申请', department: '县教育局', materials: [idCard(), householdBook, form('家庭经济困难学生认定申请表'), { name: '低保证、残疾证等证明', copies: 1, original: false, note: '如有' }], promisedDays: 15, legalBasis: '《学生资助资金管理办法》', description: '家庭经济困难的在校学生申请国家助学金等资助。' },
];

export function buildServiceCatalog(): ServiceItem[] {
  return ENTRIES.map((e) => ({
    code: e.code,
    name: e.name,
    department: e.department.replace(/^县/, DEMO_COUNTY_NAME),
    materials: e.materials.map((m) => ({ ...m })),
    promisedDays: e.promisedDays,
    feeFen: e.feeFen ?? 0,
    legalBasis: e.legalBasis,
    description: e.description,
  }));
}
