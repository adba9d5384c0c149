import type { Kysely } from 'kysely';
import { staffRoleSchema, type StaffUser } from '../../../shared/dashboard/staff';
import type { Database } from '../db/schema';

export interface StoredStaffSession {
  id: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  user: StaffUser;
  userDisabledAt: string | null;
}

export async function insertStaffSession(
  db: Kysely<Database>,
  row: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({ id: row.id, user_id: row.userId, csrf_token: row.csrfToken, created_at: row.createdAt, last_seen_at: row.createdAt, expires_at: row.expiresAt })
    .execute();
}

export async function findStaffSession(db: Kysely<Database>, id: string): Promise<StoredStaffSession | undefined> {
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.csrf_token', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.name', 'u.role', 'u.disabled_at'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    user: { id: row.user_id, name: row.name, role: staffRoleSchema.parse(row.role) },
    userDisabledAt: row.disabled_at,
  };
}

export async function touchStaffSession(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function deleteStaffSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', id).execute();
}

/** Sessions past their absolute end; the idle ones are removed when next presented. */
export async function deleteExpiredStaffSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('staff_sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
