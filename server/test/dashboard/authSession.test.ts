import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, DASHBOARD_API_PREFIX, staffSessionSchema } from '../../../shared/dashboard/staff';
import { disableStaffAccount } from '../../src/services/staffAccounts';
import { SESSION_ABSOLUTE_LIFETIME_MS, SESSION_IDLE_TIMEOUT_MS, sessionIdOf } from '../../src/services/staffSessions';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { createStaffUser, signIn, STAFF_COOKIE, staffHeaders, TEST_STAFF_PASSWORD } from './staffFixtures';

const MINUTE = 60_000;

describe.each(TEST_DATABASE_KINDS)('dashboard sessions (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let now: Date;
  const api = (path: string) => `${server.baseUrl}${DASHBOARD_API_PREFIX}${path}`;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    now = new Date('2026-11-27T08:00:00.000Z');
    server = await startServer(database, {}, { clock: () => now });
    await createStaffUser(server.handle.db, { name: '王会计', role: 'clerk', password: TEST_STAFF_PASSWORD });
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  it('signs in with a strict HttpOnly cookie, answers the session, and signs out', async () => {
    const signedIn = await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    const flags = signedIn.setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(flags).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/dashboard', `max-age=${SESSION_ABSOLUTE_LIFETIME_MS / 1000}`]));
    // Plain http here: a Secure cookie would never come back.
    expect(flags).not.toContain('secure');
    expect(signedIn.session.user).toMatchObject({ name: '王会计', role: 'clerk' });

    // Only the hash of the cookie token is stored.
    const token = decodeURIComponent(signedIn.cookie.slice(STAFF_COOKIE.length + 1));
    const rows = await server.handle.db.selectFrom('staff_sessions').selectAll().execute();
    expect(rows.map((row) => row.id)).toEqual([sessionIdOf(token)]);

    const current = await fetch(api('/session'), { headers: staffHeaders(signedIn) });
    expect(current.status).toBe(200);
    expect(current.headers.get('cache-control')).toBe('no-store');
    expect(staffSessionSchema.parse(await current.json())).toMatchObject({ user: signedIn.session.user, csrfToken: signedIn.csrfToken });

    const noCsrf = await fetch(api('/logout'), { method: 'POST', headers: staffHeaders(signedIn) });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const wrongCsrf = await fetch(api('/logout'), { method: 'POST', headers: { ...staffHeaders(signedIn), [CSRF_HEADER]: 'x'.repeat(43) } });
    expect(wrongCsrf.status).toBe(403);
    expect(await server.handle.db.selectFrom('staff_sessions').select('id').execute()).toHaveLength(1);

    const out = await fetch(api('/logout'), { method: 'POST', headers: staffHeaders(signedIn, { write: true, json: false }) });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${STAFF_COOKIE}=;.*Expires=Thu, 01 Jan 1970`, 'i'));
    expect(await server.handle.db.selectFrom('staff_sessions').select('id').execute()).toHaveLength(0);
    expect((await fetch(api('/session'), { headers: staffHeaders(signedIn) })).status).toBe(401);
  });

  it('answers 401 on GET /session without a cookie or with an unknown one', async () => {
    const headerSets: Array<Record<string, string>> = [{}, { cookie: `${STAFF_COOKIE}=forged` }];
    for (const headers of headerSets) {
      const response = await fetch(api('/session'), { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('marks the cookie Secure when a trusted proxy says the browser used https', async () => {
    await server.close();
    server = await startServer(database, { trustProxy: true }, { clock: () => now });
    const response = await fetch(api('/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ name: '王会计', password: TEST_STAFF_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')?.toLowerCase()).toContain('; secure');
  });

  it('slides the idle timeout with each request and ends the session at the absolute limit', async () => {
    const signedIn = await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    const probe = async () => (await fetch(api('/session'), { headers: staffHeaders(signedIn) })).status;
    // Active every 25 minutes: the idle timeout never hits, until 12 hours have passed.
    const start = now.getTime();
    for (let elapsed = 25 * MINUTE; elapsed < SESSION_ABSOLUTE_LIFETIME_MS; elapsed += 25 * MINUTE) {
      now = new Date(start + elapsed);
      expect(await probe()).toBe(200);
    }
    now = new Date(start + SESSION_ABSOLUTE_LIFETIME_MS);
    expect(await probe()).toBe(401);
    expect(await server.handle.db.selectFrom('staff_sessions').select('id').execute()).toHaveLength(0);
  });

  it('ends a session left idle for the timeout', async () => {
    const signedIn = await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    const start = now.getTime();
    now = new Date(start + SESSION_IDLE_TIMEOUT_MS - MINUTE);
    expect((await fetch(api('/session'), { headers: staffHeaders(signedIn) })).status).toBe(200);
    now = new Date(start + 2 * (SESSION_IDLE_TIMEOUT_MS - MINUTE));
    expect((await fetch(api('/session'), { headers: staffHeaders(signedIn) })).status).toBe(200);
    now = new Date(start + 3 * SESSION_IDLE_TIMEOUT_MS - 2 * MINUTE);
    const late = await fetch(api('/session'), { headers: staffHeaders(signedIn) });
    expect(late.status).toBe(401);
  });

  it('stops the sessions of a disabled account and refuses its sign-in', async () => {
    const signedIn = await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    await disableStaffAccount(server.handle.db, '王会计', now);
    expect((await fetch(api('/session'), { headers: staffHeaders(signedIn) })).status).toBe(401);
    await expect(signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD)).rejects.toThrow(/401.*LOGIN_FAILED/);
  });

  it('refuses a disabled account even when its session row survives', async () => {
    const signedIn = await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    await server.handle.db.updateTable('staff_users').set({ disabled_at: now.toISOString() }).execute();
    expect((await fetch(api('/session'), { headers: staffHeaders(signedIn) })).status).toBe(401);
  });

  it('removes sessions past their absolute end when someone signs in', async () => {
    await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    now = new Date(now.getTime() + SESSION_ABSOLUTE_LIFETIME_MS);
    await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    const rows = await server.handle.db.selectFrom('staff_sessions').select('created_at').execute();
    expect(rows).toEqual([{ created_at: now.toISOString() }]);
  });

  it('replaces the session of a browser that signs in again', async () => {
    const first = await signIn(server.baseUrl, '王会计', TEST_STAFF_PASSWORD);
    const again = await fetch(api('/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ name: '王会计', password: TEST_STAFF_PASSWORD }),
    });
    expect(again.status).toBe(200);
    expect((await fetch(api('/session'), { headers: staffHeaders(first) })).status).toBe(401);
    expect(await server.handle.db.selectFrom('staff_sessions').select('id').execute()).toHaveLength(1);
  });
});
