import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_API_PREFIX } from '../../../shared/dashboard/staff';
import { LOGIN_RATE_LIMIT_PER_MINUTE } from '../../src/dashboard/routes/session';
import { resetStaffPassword } from '../../src/services/staffAccounts';
import { LOGIN_LOCK_DURATION_MS, LOGIN_LOCK_THRESHOLD } from '../../src/services/staffLogin';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { createStaffUser, signIn, TEST_STAFF_PASSWORD } from './staffFixtures';

const NAME = '李科长';
const WRONG = 'not the password';

describe.each(TEST_DATABASE_KINDS)('dashboard sign-in and lockout (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let now: Date;

  async function attempt(name: string, password: string): Promise<{ status: number; body: unknown; ms: number }> {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}${DASHBOARD_API_PREFIX}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    const body: unknown = await response.json();
    return { status: response.status, body, ms: performance.now() - started };
  }
  const account = () => server.handle.db.selectFrom('staff_users').select(['failed_logins', 'locked_until']).where('name', '=', NAME).executeTakeFirstOrThrow();

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    now = new Date('2026-11-27T08:00:00.000Z');
    server = await startServer(database, {}, { clock: () => now });
    await createStaffUser(server.handle.db, { name: NAME, role: 'admin', password: TEST_STAFF_PASSWORD });
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  it(`locks the account after ${LOGIN_LOCK_THRESHOLD} failures, even against the right password, until the lock ends`, async () => {
    for (let i = 0; i < LOGIN_LOCK_THRESHOLD - 1; i++) expect((await attempt(NAME, WRONG)).status).toBe(401);
    expect(await account()).toMatchObject({ locked_until: null });
    expect(Number((await account()).failed_logins)).toBe(LOGIN_LOCK_THRESHOLD - 1);
    const last = await attempt(NAME, WRONG);
    expect(last.status).toBe(401);
    expect((await account()).locked_until).toBe(new Date(now.getTime() + LOGIN_LOCK_DURATION_MS).toISOString());

    const locked = await attempt(NAME, TEST_STAFF_PASSWORD);
    expect(locked).toMatchObject({ status: 401, body: last.body });
    expect(await server.handle.db.selectFrom('staff_sessions').select('id').execute()).toHaveLength(0);

    now = new Date(now.getTime() + LOGIN_LOCK_DURATION_MS - 1000);
    expect((await attempt(NAME, TEST_STAFF_PASSWORD)).status).toBe(401);
    now = new Date(now.getTime() + 1000);
    expect((await attempt(NAME, TEST_STAFF_PASSWORD)).status).toBe(200);
    expect(await account()).toMatchObject({ locked_until: null });
    expect(Number((await account()).failed_logins)).toBe(0);
  });

  it('a success resets the failure count; a password reset lifts a lock at once', async () => {
    for (let i = 0; i < LOGIN_LOCK_THRESHOLD - 1; i++) await attempt(NAME, WRONG);
    await signIn(server.baseUrl, NAME, TEST_STAFF_PASSWORD);
    expect(Number((await account()).failed_logins)).toBe(0);
    for (let i = 0; i < LOGIN_LOCK_THRESHOLD; i++) await attempt(NAME, WRONG);
    expect((await attempt(NAME, TEST_STAFF_PASSWORD)).status).toBe(401);
    await resetStaffPassword(server.handle.db, NAME, 'a brand new secret');
    expect((await attempt(NAME, 'a brand new secret')).status).toBe(200);
    expect((await attempt(NAME, TEST_STAFF_PASSWORD)).status).toBe(401);
  });

  it('answers an unknown name exactly like a wrong password, after a password check of its own', async () => {
    const wrong = await attempt(NAME, WRONG);
    const unknown = await attempt('无此人', WRONG);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { code: 'LOGIN_FAILED', message: expect.any(String) } });
    // Timing: without the dummy hash an unknown name answers in ~1 ms against tens of ms for scrypt.
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const wrongTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrongTimes.push((await attempt(NAME, `${WRONG} ${i}`)).ms);
      unknownTimes.push((await attempt(`无此人${i}`, WRONG)).ms);
    }
    expect(median(unknownTimes)).toBeGreaterThan(median(wrongTimes) / 3);
  });

  it('refuses malformed sign-ins as invalid requests', async () => {
    const response = await fetch(`${server.baseUrl}${DASHBOARD_API_PREFIX}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME, password: TEST_STAFF_PASSWORD, role: 'admin' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });

  it(`limits sign-in attempts to ${LOGIN_RATE_LIMIT_PER_MINUTE} a minute per address`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_RATE_LIMIT_PER_MINUTE; i++) statuses.push((await attempt(`guess${i}`, WRONG)).status);
    expect(statuses.slice(0, LOGIN_RATE_LIMIT_PER_MINUTE).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
