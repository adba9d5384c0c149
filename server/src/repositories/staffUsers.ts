import { sql, type Kysely } from 'kysely';
import { staffRoleSchema, type StaffRole, type StaffUser } from '../../../shared/dashboard/staff';
import type { Database } from '../db/schema';
import type { StaffUsersTable } from '../db/tables/staff';

export interface StaffAccount extends StaffUser {
  createdAt: string;
  disabledAt: string | null;
  failedLogins: number;
  lockedUntil: string | null;
}

/** An account with what sign-in needs to check it. */
export interface StaffCredentials extends StaffAccount {
  passwordHash: string;
}

const ACCOUNT_COLUMNS = ['id', 'name', 'role', 'created_at', 'disabled_at', 'failed_logins', 'locked_until'] as const;

type AccountRow = Pick<StaffUsersTable, (typeof ACCOUNT_COLUMNS)[number]>;

function toAccount(row: Omit<AccountRow, 'failed_logins'> & { failed_logins: number | string | bigint }): StaffAccount {
  return {
    id: row.id,
    name: row.name,
    role: staffRoleSchema.parse(row.role),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
  };
}

export class StaffNameTakenError extends Error {
  override name = 'StaffNameTakenError';
}

export async function insertStaffUser(db: Kysely<Database>, row: { id: string; name: string; role: StaffRole; passwordHash: string; createdAt: string }): Promise<StaffAccount> {
  const existing = await db.selectFrom('staff_users').select('id').where('name', '=', row.name).executeTakeFirst();
  if (existing !== undefined) throw new StaffNameTakenError(`a staff user named ${row.name} already exists`);
  await db
    .insertInto('staff_users')
    .values({ id: row.id, name: row.name, role: row.role, password_hash: row.passwordHash, created_at: row.createdAt })
    .execute();
  return { id: row.id, name: row.name, role: row.role, createdAt: row.createdAt, disabledAt: null, failedLogins: 0, lockedUntil: null };
}

export async function findStaffCredentials(db: Kysely<Database>, name: string): Promise<StaffCredentials | undefined> {
  const row = await db.selectFrom('staff_users').select([...ACCOUNT_COLUMNS, 'password_hash']).where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : { ...toAccount(row), passwordHash: row.password_hash };
}

export async function findStaffAccount(db: Kysely<Database>, name: string): Promise<StaffAccount | undefined> {
  const row = await db.selectFrom('staff_users').select(ACCOUNT_COLUMNS).where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toAccount(row);
}

export async function listStaffAccounts(db: Kysely<Database>): Promise<StaffAccount[]> {
  const rows = await db.selectFrom('staff_users').select(ACCOUNT_COLUMNS).orderBy('name').execute();
  return rows.map(toAccount);
}

/** Marks the account disabled (first time only); true when it exists. */
export async function disableStaffUser(db: Kysely<Database>, name: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_users')
    .set({ disabled_at: sql<string>`coalesce(disabled_at, ${now.toISOString()})` })
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A new password also lifts a lock and forgets the failures; true when the account exists. */
export async function setStaffPassword(db: Kysely<Database>, name: string, passwordHash: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_users')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function clearFailedLogins(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('staff_users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

/**
 * Counts one failure in a single statement (concurrent attempts on several instances all count);
 * the `threshold`-th failure locks the account until `lockUntil` and starts the count over.
 */
export async function recordFailedLogin(db: Kysely<Database>, id: string, threshold: number, lockUntil: Date): Promise<void> {
  const reached = sql<boolean>`failed_logins + 1 >= ${threshold}`;
  await db
    .updateTable('staff_users')
    .set({
      failed_logins: sql<number>`case when ${reached} then 0 else failed_logins + 1 end`,
      locked_until: sql<string | null>`case when ${reached} then ${lockUntil.toISOString()} else locked_until end`,
    })
    .where('id', '=', id)
    .execute();
}
