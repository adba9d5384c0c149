import { CSRF_HEADER, DASHBOARD_API_PREFIX, staffSessionSchema, type StaffSession } from '../../../shared/dashboard/staff';
import { createStaffUser } from '../../src/services/staffAccounts';

/**
 * Staff accounts and sessions for server tests: `createStaffUser(db, { name, role, password })`
 * (the real service: policy-checked, scrypt-hashed), then `signIn(baseUrl, name, password)` over
 * HTTP and pass `staffHeaders(session)` (add `{ write: true }` for POST/PUT/DELETE) to fetch.
 */
export { createStaffUser };

/** The cookie name the server sets (dashboard/staffAuth.ts). */
export const STAFF_COOKIE = 'county_session';

/** A password that meets STAFF_LIMITS, for tests that do not care which. */
export const TEST_STAFF_PASSWORD = 'correct horse battery';

export interface SignedIn {
  /** `county_session=…`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  session: StaffSession;
  /** The raw Set-Cookie header of the login answer, for checking its flags. */
  setCookie: string;
}

export async function signIn(baseUrl: string, name: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}${DASHBOARD_API_PREFIX}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${name} failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  if (!pair.startsWith(`${STAFF_COOKIE}=`)) throw new Error(`sign-in of ${name} set no session cookie: ${setCookie}`);
  const session = staffSessionSchema.parse(await response.json());
  return { cookie: pair, csrfToken: session.csrfToken, session, setCookie };
}

/** Headers of an authenticated request; `write` adds the CSRF token (and a JSON content type). */
export function staffHeaders(signedIn: Pick<SignedIn, 'cookie' | 'csrfToken'>, options: { write?: boolean; json?: boolean } = {}): Record<string, string> {
  const headers: Record<string, string> = { cookie: signedIn.cookie };
  if (options.write === true) headers[CSRF_HEADER] = signedIn.csrfToken;
  if (options.json ?? options.write === true) headers['content-type'] = 'application/json';
  return headers;
}
