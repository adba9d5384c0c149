import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, DASHBOARD_API_PREFIX, roleAtLeast, type StaffRole } from '../../../shared/dashboard/staff';
import { migrateToLatest } from '../../src/db/migrate';
import { registerErrorHandler } from '../../src/plugins/errorHandler';
import { dashboardRoutes, registerStaffAuth, type DashboardRouteEntry } from '../../src/dashboard/staffAuth';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { createStaffUser, signIn, staffHeaders, TEST_STAFF_PASSWORD, type SignedIn } from './staffFixtures';

/** The brief's route table: each of these that exists must be in the registry the sweep walks. */
const PLANNED_ROUTES: Array<[string, string]> = [
  ['POST', '/login'], ['POST', '/logout'], ['GET', '/session'],
  ['GET', '/overview'], ['GET', '/villages'], ['GET', '/cases'], ['GET', '/cases/:id'], ['POST', '/cases/:id/result'],
  ['GET', '/feedback'], ['POST', '/feedback/:id/answer'],
  ['POST', '/funds/uploads'], ['GET', '/funds/uploads/:id'], ['POST', '/funds/uploads/:id/publish'], ['GET', '/funds/programs'],
  ['GET', '/content/:stream'], ['PUT', '/content/:stream/:key'], ['DELETE', '/content/:stream/:key'],
  ['GET', '/exports/cases.csv'], ['GET', '/exports/cases.xlsx'], ['GET', '/exports/feedback.csv'], ['GET', '/exports/feedback.xlsx'],
  ['GET', '/exports/disbursements.csv'], ['GET', '/exports/disbursements.xlsx'], ['GET', '/devices'], ['POST', '/devices/enrollment-codes'], ['POST', '/devices/:id/revoke'],
  ['GET', '/devices/:id/diagnostics'], ['GET', '/diagnostics/:id'], ['GET', '/updates'],
];

/** Parameters filled with plausible values: the gate must answer before anything looks them up. */
function concreteUrl(url: string): string {
  return url.replace(/:(\w+)/g, (_match, name: string) => (name === 'stream' ? 'notice' : `sweep-${name}`)).replace(/\*$/, 'sweep');
}

/** A body any write route might accept, so a 403 shows the gate, not validation, refused it. */
const WRITE_BODY = JSON.stringify({ to: 'accepted', reason: '材料齐全', text: '已处理', villageCode: '130123104201', ttlHours: 24, name: 'x', password: 'y'.repeat(12) });

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

describe.each(TEST_DATABASE_KINDS)('authorization sweep over every dashboard route (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let routes: readonly DashboardRouteEntry[];
  const sessions = {} as Record<StaffRole, SignedIn>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    routes = dashboardRoutes(server.app);
    for (const role of ['viewer', 'clerk', 'admin'] as const) {
      await createStaffUser(server.handle.db, { name: `sweep-${role}`, role, password: TEST_STAFF_PASSWORD });
      sessions[role] = await signIn(server.baseUrl, `sweep-${role}`, TEST_STAFF_PASSWORD);
    }
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  async function call(route: DashboardRouteEntry, headers: Record<string, string>): Promise<{ status: number; code: string | undefined }> {
    const response = await fetch(`${server.baseUrl}${concreteUrl(route.url)}`, {
      method: route.method,
      headers: isWrite(route.method) ? { 'content-type': 'application/json', ...headers } : headers,
      ...(isWrite(route.method) ? { body: WRITE_BODY } : {}),
    });
    const text = route.method === 'HEAD' ? '' : await response.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: response.status, code };
  }

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of await server.handle.db.introspection.getTables()) {
      if (table.name.startsWith('kysely_')) continue;
      const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)}`.execute(server.handle.db);
      counts[table.name] = Number(row.rows[0]?.n ?? 0);
    }
    return counts;
  }

  it('records every dashboard API route, at least those of the plan that exist', () => {
    expect(routes.length).toBeGreaterThan(0);
    const recorded = new Set(routes.map((route) => `${route.method} ${route.url}`));
    const existing = PLANNED_ROUTES.filter(([method, path]) => server.app.hasRoute({ method: method as 'GET', url: `${DASHBOARD_API_PREFIX}${path}` }));
    expect(existing.length).toBeGreaterThanOrEqual(3);
    for (const [method, path] of existing) expect(recorded, `${method} ${path}`).toContain(`${method} ${DASHBOARD_API_PREFIX}${path}`);
    for (const route of routes) expect(route.url.startsWith(`${DASHBOARD_API_PREFIX}/`), route.url).toBe(true);
  });

  it('every route declares its least role', () => {
    expect(routes.filter((route) => route.minRole === undefined).map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it('refuses every non-public route without a session (401), and too low a role (403)', async () => {
    const before = await rowCounts();
    for (const route of routes) {
      const label = `${route.method} ${route.url}`;
      if (route.minRole === 'public') continue;
      expect(await call(route, {}), label).toMatchObject({ status: route.minRole === undefined ? 403 : 401 });
      const forged = await call(route, { cookie: 'county_session=forged-token', [CSRF_HEADER]: 'forged' });
      expect(forged.status, label).toBe(route.minRole === undefined ? 403 : 401);
      for (const role of ['viewer', 'clerk'] as const) {
        if (route.minRole !== undefined && roleAtLeast(role, route.minRole)) continue;
        const refused = await call(route, staffHeaders(sessions[role], { write: true }));
        expect(refused, `${label} as ${role}`).toMatchObject({ status: 403, ...(route.method === 'HEAD' ? {} : { code: 'FORBIDDEN' }) });
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses every non-public write without the right CSRF token (403), changing nothing', async () => {
    const before = await rowCounts();
    const writes = routes.filter((route) => isWrite(route.method) && route.minRole !== 'public');
    expect(writes.length).toBeGreaterThan(0);
    for (const route of writes) {
      const label = `${route.method} ${route.url}`;
      const missing = await call(route, staffHeaders(sessions.admin));
      expect(missing, label).toMatchObject({ status: 403, code: route.minRole === undefined ? 'FORBIDDEN' : 'CSRF_FAILED' });
      const wrong = await call(route, { ...staffHeaders(sessions.admin), [CSRF_HEADER]: sessions.viewer.csrfToken });
      expect(wrong.status, label).toBe(403);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('default deny', () => {
  it('refuses a dashboard route that declares no role to everyone, admins included', async () => {
    const database = await createTestDatabase('sqlite');
    const handle = database.open();
    const app = Fastify();
    try {
      registerErrorHandler(app);
      await migrateToLatest(handle);
      await app.register(async (scope) => {
        await registerStaffAuth(scope, { db: handle.db, clock: () => new Date(), config: {} as never });
        scope.get('/forgotten', async () => ({ secret: true }));
        scope.get('/open', { config: { minRole: 'public' } }, async () => ({ open: true }));
      }, { prefix: DASHBOARD_API_PREFIX });
      await app.ready();
      expect(dashboardRoutes(app).map((route) => [route.method, route.url, route.minRole])).toEqual([
        ['GET', `${DASHBOARD_API_PREFIX}/forgotten`, undefined],
        ['HEAD', `${DASHBOARD_API_PREFIX}/forgotten`, undefined],
        ['GET', `${DASHBOARD_API_PREFIX}/open`, 'public'],
        ['HEAD', `${DASHBOARD_API_PREFIX}/open`, 'public'],
      ]);
      const forgotten = await app.inject({ method: 'GET', url: `${DASHBOARD_API_PREFIX}/forgotten` });
      expect(forgotten.statusCode).toBe(403);
      expect(forgotten.body).not.toContain('secret');
      expect((await app.inject({ method: 'GET', url: `${DASHBOARD_API_PREFIX}/open` })).json()).toEqual({ open: true });
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
