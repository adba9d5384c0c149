export default {
  welcome: '欢迎使用村务公开自助终端',
  intro: '查补贴、看资金、知项目，不用登录，点一点就能看。',
  agentEntry: '代办员登录',
  tiles: {
    subsidies: { title: '我家的补贴', hint: '按姓名、户号或身份证查询' },
    programs: { title: '资金项目', hint: '政策依据、分配过程、发放结果' },
    projects: { title: '村级项目', hint: '修路、水利等项目的钱花在哪' },
    notices: { title: '公告公示', hint: '最新通知和公示' },
    services: { title: '办事指南', hint: '代办事项、所需材料和办理时限' },
    track: { title: '查办件进度', hint: '输入回执或意见单上的号码' },
    feedback: { title: '意见反馈', hint: '对补贴有异议，或有意见建议' },
  },
};
