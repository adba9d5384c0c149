export default {
  nav: '数据导出',
  title: '数据导出',
  intro: '选择数据和筛选条件，下载 CSV（UTF-8 带 BOM，Excel 可直接打开）或 XLSX。身份证号已脱敏。',
  dataset: '数据',
  kinds: { cases: '办件', feedback: '异议和意见', disbursements: '资金发放' },
  filters: '筛选条件（可不填）',
  filter: { village: '村', item: '事项代码', state: '状态', overdue: '仅超期', from: '起始日期', to: '截止日期', program: '项目编号', year: '年度', status: '发放状态', category: '类别' },
  allVillages: '全部村',
  any: '全部',
  download: '下载：{kind}',
  formats: { csv: '下载 CSV', xlsx: '下载 XLSX' },
  fixFilters: '筛选条件有误，请先改正。',
  note: "文件包含全部符合条件的记录，可能较大；以 = + - {'@'} 开头的单元格已做防公式处理。",
  options: {
    caseState: {
      entrusted: '已受理代办', accepted: '部门已受理', declined: '不予受理', awaitingMaterials: '待补材料', submitted: '已报送',
      completed: '已办结', handedBack: '已退回', terminated: '已终止', renewed: '已续办',
    },
    feedbackState: { open: '待答复', answered: '已答复', closed: '已关闭' },
    feedbackCategory: { objection: '异议', consultation: '咨询', complaint: '投诉', suggestion: '建议' },
    disbursementStatus: { paid: '已发放', pending: '待发放', failed: '发放失败', returned: '已退回' },
  },
};
