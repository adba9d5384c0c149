import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { readStationVillage } from '../../../../scripts/lib/kioskProvisioning';
import { buildApp } from '../../../../server/src/app';
import { serverConfigSchema } from '../../../../server/src/config';
import { openDatabase, type DatabaseHandle } from '../../../../server/src/db/connection';
import { migrateToLatest } from '../../../../server/src/db/migrate';
import { issueEnrollmentCode } from '../../../../server/src/services/enrollment';
import { importDemo } from '../../../../server/src/services/importDemo';
import { createStaffUser } from '../../../../server/test/dashboard/staffFixtures';
import type { StaffRole } from '../../../../shared/dashboard/staff';

/** A desk screen at the smallest size the dashboard is built for. */
export const DASHBOARD_VIEWPORT = { width: 1366, height: 768 } as const;

/** bypassCSP only so axe can be injected as a script tag; the CSP itself is checked in the login test. */
export const DASHBOARD_CONTEXT_OPTIONS: BrowserContextOptions = {
  locale: 'zh-CN',
  viewport: DASHBOARD_VIEWPORT,
  bypassCSP: true,
};

export interface StaffCredentials {
  name: string;
  password: string;
  role: StaffRole;
}

/** One account per role, created in every test county (passwords meet the ≥ 10 character policy). */
export const STAFF: Readonly<Record<StaffRole, StaffCredentials>> = {
  admin: { name: 'admin-li', password: 'admin-password-1', role: 'admin' },
  clerk: { name: 'clerk-zhang', password: 'clerk-password-1', role: 'clerk' },
  viewer: { name: 'viewer-wu', password: 'viewer-password-1', role: 'viewer' },
};

export interface DashboardCounty {
  /** The server's origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  /** The dashboard page for a route path, e.g. dashboardUrl('cases') → …/dashboard/cases. */
  dashboardUrl(path?: string): string;
  /** The county database the server uses (the same handle): tests read and seed through it. */
  database: DatabaseHandle;
  /** The e2e demo set this county published. */
  demoDir: string;
  /** The village the demo station kiosk belongs to. */
  stationVillage: string;
  /** A fresh one-time enrollment code for a village (the station's when omitted), valid for a day. */
  enrollCode(villageCode?: string): Promise<string>;
  close(): Promise<void>;
}

export interface DashboardCountyOptions {
  /** The server clock; tests that need "7 days without sync" move it. */
  clock?: () => Date;
}

const ENROLL_CODE_TTL_MS = 24 * 3_600_000;

/**
 * A county server for dashboard tests: a temp SQLite database with the e2e demo set published,
 * this run's dashboard build, the three staff accounts; listening on loopback, any free port.
 */
export async function startDashboardCounty(options: DashboardCountyOptions = {}): Promise<DashboardCounty> {
  const workDir = await mkdtemp(join(tmpdir(), 'dashboard-county-'));
  const file = join(workDir, 'county.sqlite');
  const demoDir = inject('e2eDemoDir');
  const database = openDatabase({ kind: 'sqlite', file });
  let app: FastifyInstance | null = null;
  try {
    await migrateToLatest(database);
    await importDemo(database.db, demoDir);
    for (const staff of Object.values(STAFF)) await createStaffUser(database.db, staff);
    const config = serverConfigSchema.parse({
      host: '127.0.0.1',
      port: 0,
      database: { kind: 'sqlite', file },
      logLevel: 'warn',
      dashboardDir: inject('e2eDashboardDir'),
      // Tests sign in many times from one address; the limiter is not what they exercise.
      rateLimitPerMinute: 100_000,
    });
    app = await buildApp(config, { database, ...(options.clock ? { clock: options.clock } : {}) });
    const address = await app.listen({ host: config.host, port: 0 });
    const origin = new URL(address).origin;
    const stationVillage = await readStationVillage(demoDir);
    const running = app;
    return {
      origin,
      dashboardUrl: (path = '') => `${origin}/dashboard/${path.replace(/^\//, '')}`,
      database,
      demoDir,
      stationVillage,
      enrollCode: async (villageCode = stationVillage) => (await issueEnrollmentCode(database.db, villageCode, ENROLL_CODE_TTL_MS)).code,
      close: async () => {
        await running.close();
        await database.close();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** One county for the test file: started before its tests, closed after them. Read `.county` inside tests. */
export function useDashboardCounty(options: DashboardCountyOptions = {}): { readonly county: DashboardCounty } {
  let county: DashboardCounty | undefined;
  beforeAll(async () => {
    county = await startDashboardCounty(options);
  });
  afterAll(async () => {
    await county?.close();
  });
  return {
    get county(): DashboardCounty {
      if (!county) throw new Error('the county is not started yet: read .county inside a test or hook');
      return county;
    },
  };
}

/**
 * Signs in through the login form like a person would and waits for the shell to show the user.
 * The page must already be on the county's origin (e.g. after page.goto(county.dashboardUrl()));
 * it is sent to the login page there.
 */
export async function signInPage(page: Page, name: string, password: string): Promise<void> {
  const current = page.url();
  if (!current.startsWith('http')) throw new Error('signInPage: open a dashboard URL first (page.goto(county.dashboardUrl()))');
  await page.goto(new URL('/dashboard/login', current).href);
  // A context that is signed in already is sent on from the login page: sign that session out first.
  await page.locator('[data-testid="login-form"], [data-testid="app-user"]').first().waitFor();
  if ((await page.getByTestId('login-form').count()) === 0) await signOutPage(page);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('app-user').waitFor();
}

/**
 * Opens a new page in the context at `path`, signed in as one of the STAFF accounts; a context
 * that already holds that account's session (cookies are per context) is not signed in again.
 */
export async function openSignedIn(context: BrowserContext, county: DashboardCounty, role: StaffRole, path = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(county.dashboardUrl(path));
  await page.locator('[data-testid="login-form"], [data-testid="app-user"]').first().waitFor();
  const signedInAs = (await page.getByTestId('app-user').count()) > 0 ? await page.getByTestId('app-user').getAttribute('data-name') : null;
  if (signedInAs !== STAFF[role].name) {
    await signInPage(page, STAFF[role].name, STAFF[role].password);
    if (path !== '') await page.goto(county.dashboardUrl(path));
  }
  await page.getByTestId('app-user').waitFor();
  return page;
}

/** Signs out through the shell's button and waits for the login form. */
export async function signOutPage(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-form').waitFor();
}
