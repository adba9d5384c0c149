import type { RouteRecordRaw } from 'vue-router';
import { CONTENT_STREAMS } from '../../../../shared/dashboard/content';
import './meta';

// Fund import, content editors, exports, devices and published updates. The server enforces the same roles on each API
// route; minRole here only keeps a viewer from opening a page whose every action would be refused.
const contentStreamPattern = CONTENT_STREAMS.join('|');

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/funds/import',
    name: 'fundsImport',
    component: () => import('../views/funds/FundsImportView.vue'),
    meta: { minRole: 'admin', nav: { labelKey: 'funds.nav.import', order: 40 }, titleKey: 'funds.import.title' },
  },
  {
    path: '/funds/programs',
    name: 'fundsPrograms',
    component: () => import('../views/funds/FundsProgramsView.vue'),
    meta: { minRole: 'viewer', nav: { labelKey: 'funds.nav.programs', order: 45 }, titleKey: 'funds.programs.title' },
  },
  {
    path: `/content/:stream(${contentStreamPattern})?`,
    name: 'content',
    component: () => import('../views/content/ContentView.vue'),
    meta: { minRole: 'viewer', nav: { labelKey: 'content.nav', order: 50 }, titleKey: 'content.title' },
  },
  {
    path: '/exports',
    name: 'exports',
    component: () => import('../views/exports/ExportsView.vue'),
    meta: { minRole: 'viewer', nav: { labelKey: 'exports.nav', order: 60 }, titleKey: 'exports.title' },
  },
  {
    path: '/devices',
    name: 'devices',
    component: () => import('../views/devices/DevicesView.vue'),
    meta: { minRole: 'viewer', nav: { labelKey: 'devices.nav', order: 70 }, titleKey: 'devices.title' },
  },
  {
    path: '/updates',
    name: 'updates',
    component: () => import('../views/updates/UpdatesView.vue'),
    meta: { minRole: 'viewer', nav: { labelKey: 'updates.nav', order: 75 }, titleKey: 'updates.title' },
  },
];
