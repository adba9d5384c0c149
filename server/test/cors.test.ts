import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVillage } from '../src/repositories/villages';
import { startServer, type RunningServer } from './http';
import { createTestDatabase, type TestDatabase } from './pg';
import { enrollKiosk } from './pushFixtures';

const VILLAGE = '130123104201';
const ORIGIN = 'http://127.0.0.1:5173';

// Transport behaviour: the database plays no part, so SQLite alone.
describe('CORS on /api/v1', () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer(database, { rateLimitPerMinute: 3 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  function preflight(path: string, method: string, headers: string): Promise<Response> {
    return fetch(`${server.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });
  }

  it('answers a preflight for push and pull with the allowed methods, headers and a max-age', async () => {
    for (const [path, method] of [['/api/v1/sync/push', 'POST'], ['/api/v1/sync/pull?since=', 'GET'], ['/api/v1/devices/enroll', 'POST']] as const) {
      const response = await preflight(path, method, 'authorization, content-type, content-encoding');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toContain(method);
      expect(response.headers.get('access-control-allow-headers')?.split(/,\s*/).sort()).toEqual(['authorization', 'content-encoding', 'content-type', 'x-kiosk-version']);
      expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('does not count preflights against the rate limit', async () => {
    for (let i = 0; i < 10; i++) expect((await preflight('/api/v1/sync/pull', 'GET', 'authorization')).status).toBe(204);
  });

  it('lets any origin read answers and errors, with no credentials', async () => {
    const kiosk = await enrollKiosk(server, VILLAGE);
    const ok = await fetch(`${server.baseUrl}/api/v1/sync/pull`, { headers: { origin: ORIGIN, authorization: `Bearer ${kiosk.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await fetch(`${server.baseUrl}/api/v1/sync/pull`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    // Past the limit of 3 a minute: the 429 is readable too, with Retry-After exposed.
    let limited = refused;
    for (let i = 0; i < 5 && limited.status !== 429; i++) limited = await fetch(`${server.baseUrl}/api/v1/devices/me`, { headers: { origin: ORIGIN } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('*');
    expect(limited.headers.get('access-control-expose-headers')).toContain('retry-after');
  });

  it('leaves paths outside the API alone', async () => {
    const response = await fetch(`${server.baseUrl}/elsewhere`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
