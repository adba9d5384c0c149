import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { DASHBOARD_BASE_PATH } from '../../../../shared/dashboard/staff';
import { useSession } from '../composables/useSession';
import { adminRoutes } from './adminRoutes';
import './meta';

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, titleKey: 'common.login.title' } },
  { path: '/', name: 'overview', component: () => import('../views/OverviewView.vue'), meta: { nav: { labelKey: 'common.nav.overview', order: 10 }, titleKey: 'overview.title' } },
  { path: '/cases', name: 'cases', component: () => import('../views/CasesView.vue'), meta: { nav: { labelKey: 'common.nav.cases', order: 20 }, titleKey: 'cases.title' } },
  { path: '/cases/:id', name: 'case', component: () => import('../views/CaseView.vue'), props: true, meta: { titleKey: 'cases.detail.title' } },
  { path: '/feedback', name: 'feedback', component: () => import('../views/FeedbackView.vue'), meta: { nav: { labelKey: 'common.nav.feedback', order: 30 }, titleKey: 'feedback.title' } },
  ...adminRoutes,
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { titleKey: 'common.notFound.title' } },
];

export const router = createRouter({
  history: createWebHistory(DASHBOARD_BASE_PATH),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

const session = useSession();

router.beforeEach(async (to) => {
  await session.ready();
  if (to.meta.public === true) {
    // A signed-in user who opens the login page goes where they were heading.
    return to.name === 'login' && session.signedIn.value ? safeRedirect(to.query.redirect) : true;
  }
  if (!session.signedIn.value) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (!session.can(to.meta.minRole ?? 'viewer')) return { name: 'overview' };
  return true;
});

session.onExpired(() => {
  const current = router.currentRoute.value;
  void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
});

/** Only in-app paths: a crafted ?redirect=https://… must not take a signed-in user elsewhere. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
