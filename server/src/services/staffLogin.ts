import type { Kysely } from 'kysely';
import type { LoginRequest } from '../../../shared/dashboard/staff';
import type { Database } from '../db/schema';
import { clearFailedLogins, findStaffCredentials, recordFailedLogin } from '../repositories/staffUsers';
import { spendPasswordCheck, verifyPassword } from './staffPasswords';
import { openStaffSession, type ActiveStaffSession } from './staffSessions';

/** This many wrong passwords in a row lock the account… */
export const LOGIN_LOCK_THRESHOLD = 5;
/** …for this long; the right password is refused meanwhile. `user password` lifts it at once. */
export const LOGIN_LOCK_DURATION_MS = 15 * 60_000;

export type LoginOutcome = { ok: true; token: string; session: ActiveStaffSession } | { ok: false };

/**
 * Checks a sign-in. Every refusal looks the same to the caller — unknown name, wrong password,
 * locked or disabled account — and costs one scrypt, so neither the answer nor its timing tells
 * which names exist. While locked, attempts neither count nor extend the lock (a stranger cannot
 * keep a colleague out forever by guessing slower than the lock).
 */
export async function logIn(db: Kysely<Database>, request: LoginRequest, now: Date): Promise<LoginOutcome> {
  const account = await findStaffCredentials(db, request.name);
  if (account === undefined) {
    await spendPasswordCheck(request.password);
    return { ok: false };
  }
  const correct = await verifyPassword(request.password, account.passwordHash);
  const locked = account.lockedUntil !== null && account.lockedUntil > now.toISOString();
  if (account.disabledAt !== null || locked) return { ok: false };
  if (!correct) {
    await recordFailedLogin(db, account.id, LOGIN_LOCK_THRESHOLD, new Date(now.getTime() + LOGIN_LOCK_DURATION_MS));
    return { ok: false };
  }
  if (account.failedLogins > 0 || account.lockedUntil !== null) await clearFailedLogins(db, account.id);
  const { token, session } = await openStaffSession(db, { id: account.id, name: account.name, role: account.role }, now);
  return { ok: true, token, session };
}
