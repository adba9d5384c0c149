import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StaffSession, StaffUser } from '../../../shared/dashboard/staff';
import type { Database } from '../db/schema';
import { deleteExpiredStaffSessions, deleteStaffSession, findStaffSession, insertStaffSession, touchStaffSession } from '../repositories/staffSessions';

/** A session ends after this long without a request (sliding). */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** …and this long after sign-in whatever the activity (absolute). */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often, so reading pages does not mean a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

const TOKEN_BYTES = 32;

/** The cookie carries the token; the database keeps only its hash. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ActiveStaffSession {
  id: string;
  user: StaffUser;
  csrfToken: string;
  /** Whichever comes first: the idle timeout from now, or the absolute end. */
  expiresAt: string;
}

function endOf(lastSeen: Date, absoluteEnd: string): string {
  const idleEnd = new Date(lastSeen.getTime() + SESSION_IDLE_TIMEOUT_MS).toISOString();
  return idleEnd < absoluteEnd ? idleEnd : absoluteEnd;
}

export function toStaffSession(session: ActiveStaffSession): StaffSession {
  return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

export async function openStaffSession(db: Kysely<Database>, user: StaffUser, now: Date): Promise<{ token: string; session: ActiveStaffSession }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const csrfToken = randomBytes(TOKEN_BYTES).toString('base64url');
  const id = sessionIdOf(token);
  const absoluteEnd = new Date(now.getTime() + SESSION_ABSOLUTE_LIFETIME_MS).toISOString();
  await insertStaffSession(db, { id, userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt: absoluteEnd });
  // Sign-ins are rare enough to carry the housekeeping: sessions never signed out would pile up.
  await deleteExpiredStaffSessions(db, now);
  return { token, session: { id, user, csrfToken, expiresAt: endOf(now, absoluteEnd) } };
}

/**
 * The live session a cookie token names, its idle clock moved to `now`; undefined when unknown,
 * idle too long, past its absolute end, or its account disabled. A dead session is deleted.
 */
export async function resumeStaffSession(db: Kysely<Database>, token: string, now: Date): Promise<ActiveStaffSession | undefined> {
  const stored = await findStaffSession(db, sessionIdOf(token));
  if (stored === undefined) return undefined;
  const idleEnd = Date.parse(stored.lastSeenAt) + SESSION_IDLE_TIMEOUT_MS;
  const expired = now.getTime() >= idleEnd || now.toISOString() >= stored.expiresAt;
  if (expired || stored.userDisabledAt !== null) {
    await deleteStaffSession(db, stored.id);
    return undefined;
  }
  // Skipping the write costs at most TOUCH_INTERVAL_MS of idle time: a session may end that much early.
  const touch = now.getTime() - Date.parse(stored.lastSeenAt) >= TOUCH_INTERVAL_MS;
  if (touch) await touchStaffSession(db, stored.id, now);
  const lastSeen = touch ? now : new Date(stored.lastSeenAt);
  return { id: stored.id, user: stored.user, csrfToken: stored.csrfToken, expiresAt: endOf(lastSeen, stored.expiresAt) };
}

export async function closeStaffSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deleteStaffSession(db, sessionId);
}

/** Constant-time, so the token cannot be guessed a character at a time from response timing. */
export function csrfTokenMatches(session: ActiveStaffSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
