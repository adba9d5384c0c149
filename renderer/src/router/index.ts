import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

// Hash history: the kiosk is served from app://, file paths or a plain static server alike.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('../views/HomeView.vue') },
  { path: '/subsidies', name: 'subsidies', component: () => import('../views/SubsidiesLookupView.vue') },
  { path: '/subsidies/household/:householdKey', name: 'household', component: () => import('../views/HouseholdView.vue'), props: true },
  { path: '/programs', name: 'programs', component: () => import('../views/ProgramsView.vue') },
  { path: '/programs/:id', name: 'program', component: () => import('../views/ProgramDetailView.vue'), props: true },
  { path: '/projects', name: 'projects', component: () => import('../views/ProjectsView.vue') },
  { path: '/notices', name: 'notices', component: () => import('../views/NoticesView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
