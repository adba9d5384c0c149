import type zh from '../zh-CN/places';

export default {
  projects: {
    title: 'Village projects',
    intro: 'What the village built with public funds: budget, spending and acceptance.',
    budget: 'Budget',
    spent: 'Spent',
    progress: '{pct}% done',
    contractor: 'Contractor',
    funding: 'Funding',
    dates: 'Dates',
    ongoing: 'ongoing',
    acceptance: { notStarted: 'Not started', pending: 'Awaiting acceptance', passed: 'Accepted', failed: 'Failed acceptance' },
    categories: { road: 'Roads', irrigation: 'Irrigation', water: 'Drinking water', housing: 'Housing repair', environment: 'Environment', industry: 'Local industry' },
    empty: 'No village projects yet.',
  },
  notices: {
    title: 'Notices',
    intro: 'Announcements and public notices from the county, township and village.',
    countyWide: 'County-wide',
    thisVillage: 'This village',
    categories: { funds: 'Funds notice', policy: 'Policy', service: 'Services', village: 'Village affairs' },
    empty: 'No notices yet.',
    publishedOn: 'Published {date}',
  },
} satisfies typeof zh;
