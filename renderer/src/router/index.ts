import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { installAgentGuard } from './agentGuard';

// Hash history: the kiosk is served from app://, file paths or a plain static server alike.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('../views/HomeView.vue') },
  { path: '/subsidies', name: 'subsidies', component: () => import('../views/SubsidiesLookupView.vue') },
  { path: '/subsidies/household/:householdKey', name: 'household', component: () => import('../views/HouseholdView.vue'), props: true },
  { path: '/programs', name: 'programs', component: () => import('../views/ProgramsView.vue') },
  { path: '/programs/:id', name: 'program', component: () => import('../views/ProgramDetailView.vue'), props: true },
  { path: '/projects', name: 'projects', component: () => import('../views/ProjectsView.vue') },
  { path: '/notices', name: 'notices', component: () => import('../views/NoticesView.vue') },
  // Resident: service catalog, tracking, objections and feedback.
  { path: '/services', name: 'services', component: () => import('../views/ServicesView.vue') },
  { path: '/services/:code', name: 'service', component: () => import('../views/ServiceDetailView.vue'), props: true },
  { path: '/track', name: 'track', component: () => import('../views/TrackView.vue') },
  { path: '/feedback/new', name: 'feedbackNew', component: () => import('../views/FeedbackNewView.vue') },
  // Agent workstation: every route below needs a logged-in agent (meta.agent), admin ones an administrator.
  { path: '/agent/setup', name: 'agentSetup', component: () => import('../views/agent/AgentSetupView.vue') },
  { path: '/agent/login', name: 'agentLogin', component: () => import('../views/agent/AgentLoginView.vue') },
  { path: '/agent', name: 'agentHome', component: () => import('../views/agent/AgentHomeView.vue'), meta: { agent: true } },
  { path: '/agent/cases/new', name: 'caseNew', component: () => import('../views/agent/CaseNewView.vue'), meta: { agent: true } },
  { path: '/agent/cases/:id', name: 'caseDetail', component: () => import('../views/agent/CaseDetailView.vue'), props: true, meta: { agent: true } },
  { path: '/agent/admin', name: 'agentAdmin', component: () => import('../views/agent/AgentAdminView.vue'), meta: { agent: true, admin: true } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs a logged-in agent. */
    agent?: boolean;
    /** Needs the station administrator. */
    admin?: boolean;
  }
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

installAgentGuard(router);
