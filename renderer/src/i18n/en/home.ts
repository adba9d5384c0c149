import type zh from '../zh-CN/home';

export default {
  welcome: 'Welcome to the village transparency kiosk',
  intro: 'Check subsidies, funds and projects. No login needed: just tap.',
  tiles: {
    subsidies: { title: 'My subsidies', hint: 'Find by name, household number or ID card' },
    programs: { title: 'Fund programs', hint: 'Policy basis, allocation and results' },
    projects: { title: 'Village projects', hint: 'Where the money for roads and water went' },
    notices: { title: 'Notices', hint: 'Latest announcements and public notices' },
  },
} satisfies typeof zh;
