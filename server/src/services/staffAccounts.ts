import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { staffNameSchema, staffPasswordSchema, staffRoleSchema, type StaffRole } from '../../../shared/dashboard/staff';
import type { Database } from '../db/schema';
import { disableStaffUser, insertStaffUser, setStaffPassword, type StaffAccount } from '../repositories/staffUsers';
import { hashPassword } from './staffPasswords';

export class StaffUserNotFoundError extends Error {
  override name = 'StaffUserNotFoundError';
}

export interface NewStaffUser {
  name: string;
  role: StaffRole;
  password: string;
}

/**
 * Adds a dashboard account. The name, role and password policy (STAFF_LIMITS) are checked here,
 * so the CLI and tests cannot create an account the policy forbids; throws a ZodError if not met.
 */
export async function createStaffUser(db: Kysely<Database>, input: NewStaffUser, now: Date = new Date()): Promise<StaffAccount> {
  const name = staffNameSchema.parse(input.name);
  const role = staffRoleSchema.parse(input.role);
  const password = staffPasswordSchema.parse(input.password);
  return insertStaffUser(db, { id: randomUUID(), name, role, passwordHash: await hashPassword(password), createdAt: now.toISOString() });
}

/** Ends every session of the account and refuses new sign-ins; an already disabled account stays so. */
export async function disableStaffAccount(db: Kysely<Database>, rawName: string, now: Date = new Date()): Promise<void> {
  const name = staffNameSchema.parse(rawName);
  await db.transaction().execute(async (trx) => {
    if (!(await disableStaffUser(trx, name, now))) throw new StaffUserNotFoundError(`no staff user named ${name}`);
    await endSessionsOf(trx, name);
  });
}

/**
 * Sets a new password, lifts a lockout, and ends the account's sessions: a reset usually follows a
 * leaked or forgotten password, and whoever held the old one must not stay signed in.
 */
export async function resetStaffPassword(db: Kysely<Database>, rawName: string, rawPassword: string): Promise<void> {
  const name = staffNameSchema.parse(rawName);
  const passwordHash = await hashPassword(staffPasswordSchema.parse(rawPassword));
  await db.transaction().execute(async (trx) => {
    if (!(await setStaffPassword(trx, name, passwordHash))) throw new StaffUserNotFoundError(`no staff user named ${name}`);
    await endSessionsOf(trx, name);
  });
}

async function endSessionsOf(db: Kysely<Database>, name: string): Promise<void> {
  await db
    .deleteFrom('staff_sessions')
    .where('user_id', 'in', db.selectFrom('staff_users').select('id').where('name', '=', name))
    .execute();
}
