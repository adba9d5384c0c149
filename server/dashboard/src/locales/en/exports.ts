import type zhCN from '../zh-CN/exports';

export default {
  nav: 'Exports',
  title: 'Data exports',
  intro: 'Choose the data and filters, then download CSV (UTF-8 with BOM, opens in Excel) or XLSX. ID numbers are masked.',
  dataset: 'Data',
  kinds: { cases: 'Cases', feedback: 'Objections and feedback', disbursements: 'Disbursements' },
  filters: 'Filters (optional)',
  filter: { village: 'Village', item: 'Service item code', state: 'State', overdue: 'Overdue only', from: 'From', to: 'To', program: 'Program id', year: 'Year', status: 'Payment status', category: 'Category' },
  allVillages: 'All villages',
  any: 'Any',
  download: 'Download: {kind}',
  formats: { csv: 'Download CSV', xlsx: 'Download XLSX' },
  fixFilters: 'A filter is not valid; correct it first.',
  note: 'The file holds every matching record and may be large; cells starting with = + - or the at sign are neutralised against formulas.',
  options: {
    caseState: {
      entrusted: 'Entrusted', accepted: 'Accepted', declined: 'Declined', awaitingMaterials: 'Awaiting materials', submitted: 'Submitted',
      completed: 'Completed', handedBack: 'Handed back', terminated: 'Terminated', renewed: 'Renewed',
    },
    feedbackState: { open: 'Open', answered: 'Answered', closed: 'Closed' },
    feedbackCategory: { objection: 'Objection', consultation: 'Consultation', complaint: 'Complaint', suggestion: 'Suggestion' },
    disbursementStatus: { paid: 'Paid', pending: 'Pending', failed: 'Failed', returned: 'Returned' },
  },
} satisfies typeof zhCN;
