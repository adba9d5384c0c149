import type zh from '../zh-CN/home';

export default {
  welcome: 'Welcome to the village transparency kiosk',
  intro: 'Check subsidies, funds and projects. No login needed: just tap.',
  agentEntry: 'Agent login',
  tiles: {
    subsidies: { title: 'My subsidies', hint: 'Find by name, household number or ID card' },
    programs: { title: 'Fund programs', hint: 'Policy basis, allocation and results' },
    projects: { title: 'Village projects', hint: 'Where the money for roads and water went' },
    notices: { title: 'Notices', hint: 'Latest announcements and public notices' },
    services: { title: 'Services', hint: 'What the agent can file for you, what to bring, how long' },
    track: { title: 'Track a case', hint: 'Type the number on your receipt or ticket' },
    feedback: { title: 'Feedback', hint: 'Object to a payment, or tell us anything' },
  },
} satisfies typeof zh;
