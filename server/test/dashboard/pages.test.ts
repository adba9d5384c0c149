import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, DASHBOARD_NOT_BUILT } from '../../src/dashboard/pages';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, type TestDatabase } from '../pg';

const INDEX = '<!doctype html><title>县级看板</title><script type="module" src="/dashboard/assets/index-abc123.js"></script>';
const SCRIPT = 'console.log("dashboard")';

/** Pages do not touch the database: SQLite is enough here. */
describe('dashboard pages', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function build(): void {
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  }

  it('serves the app with its security headers, hashed assets for good, and client routes as index.html', async () => {
    build();
    server = await startServer(database, { dashboardDir: dir });
    const base = server.baseUrl;

    for (const path of ['/', '/dashboard']) {
      const redirect = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect([301, 302, 303, 307, 308], path).toContain(redirect.status);
      expect(redirect.headers.get('location')).toBe('/dashboard/');
    }

    const index = await fetch(`${base}/dashboard/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toBe(INDEX);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');

    const asset = await fetch(`${base}/dashboard/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe(SCRIPT);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/dashboard/favicon.svg`)).headers.get('cache-control')).toBe('no-cache');

    for (const route of ['/dashboard/cases', '/dashboard/cases/DB-130123104201-261127-001', '/dashboard/funds/uploads/u1']) {
      const page = await fetch(`${base}${route}`);
      expect(page.status, route).toBe(200);
      expect(await page.text(), route).toBe(INDEX);
    }

    for (const missing of ['/dashboard/assets/gone-123.js', '/dashboard/robots.txt', '/dashboard/api/no-such-route', '/dashboard/api']) {
      const response = await fetch(`${base}${missing}`);
      expect(response.status, missing).toBe(404);
      expect(await response.json(), missing).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    for (const escape of ['/dashboard/..%2F..%2Fetc%2Fpasswd', '/dashboard/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await fetch(`${base}${escape}`);
      expect(await response.text(), escape).not.toContain('root:');
    }
  });

  it('keeps the kiosk API CORS and leaves the page headers off it', async () => {
    build();
    server = await startServer(database, { dashboardDir: dir });
    const health = await fetch(`${server.baseUrl}/api/v1/health`);
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
    expect(health.headers.get('content-security-policy')).toBeNull();
    const dashboardApi = await fetch(`${server.baseUrl}/dashboard/api/session`);
    expect(dashboardApi.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 503 with the build command while the dashboard is not built, and serves it once built', async () => {
    server = await startServer(database, { dashboardDir: join(dir, 'not-yet') });
    const page = await fetch(`${server.baseUrl}/dashboard/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toBe(DASHBOARD_NOT_BUILT);
    expect((await fetch(`${server.baseUrl}/dashboard/cases`)).status).toBe(503);
    expect((await fetch(`${server.baseUrl}/api/v1/health`)).status).toBe(200);
    await server.close();

    server = await startServer(database, { dashboardDir: dir });
    expect((await fetch(`${server.baseUrl}/dashboard/`)).status).toBe(503);
    build();
    expect(await (await fetch(`${server.baseUrl}/dashboard/`)).text()).toBe(INDEX);
  });
});
