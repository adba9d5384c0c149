import type { Kysely } from 'kysely';
import { STAFF_LIMITS, staffRoleSchema, STAFF_ROLES } from '../../../shared/dashboard/staff';
import type { Database } from '../db/schema';
import { findStaffAccount, listStaffAccounts, StaffNameTakenError, type StaffAccount } from '../repositories/staffUsers';
import { createStaffUser, disableStaffAccount, resetStaffPassword, StaffUserNotFoundError } from '../services/staffAccounts';
import type { CommandOptions } from './commands';
import { PasswordInputError, readNewPassword } from './passwordInput';
import { UsageError } from './usage';

function requiredName(values: CommandOptions['values']): string {
  const value = values.name;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError('--name is required');
  return value.trim();
}

/** The policy in words, before hashing (the service checks it again). */
async function newPassword(): Promise<string> {
  const password = await readNewPassword();
  if (password.length < STAFF_LIMITS.passwordMin || password.length > STAFF_LIMITS.passwordMax) {
    throw new PasswordInputError(`the password must have ${STAFF_LIMITS.passwordMin} to ${STAFF_LIMITS.passwordMax} characters; nothing changed`);
  }
  return password;
}

export async function userAdd(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const name = requiredName(values);
  const role = staffRoleSchema.safeParse(values.role);
  if (!role.success) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
  // Checked before asking, so nobody types a password twice for nothing (the insert checks again).
  if ((await findStaffAccount(db, name)) !== undefined) throw new StaffNameTakenError(`a staff user named ${name} already exists`);
  const account = await createStaffUser(db, { name, role: role.data, password: await newPassword() });
  out(values.json === true ? JSON.stringify(account) : `added ${account.role} ${account.name}`);
}

function status(account: StaffAccount, now: Date): string {
  if (account.disabledAt !== null) return `disabled ${account.disabledAt}`;
  if (account.lockedUntil !== null && account.lockedUntil > now.toISOString()) return `locked until ${account.lockedUntil}`;
  return 'active';
}

export async function userList(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const accounts = await listStaffAccounts(db);
  if (values.json === true) return out(JSON.stringify(accounts));
  if (accounts.length === 0) return out('no staff users');
  const now = new Date();
  const width = Math.max(...accounts.map((account) => account.name.length));
  for (const account of accounts) out(`${account.name.padEnd(width)}  ${account.role.padEnd(6)}  ${status(account, now)}`);
}

export async function userDisable(db: Kysely<Database>, { positionals, out }: CommandOptions): Promise<void> {
  const [name = ''] = positionals;
  await disableStaffAccount(db, name);
  out(`disabled ${name.trim()}; their sessions have ended`);
}

export async function userPassword(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const name = requiredName(values);
  if ((await findStaffAccount(db, name)) === undefined) throw new StaffUserNotFoundError(`no staff user named ${name}`);
  await resetStaffPassword(db, name, await newPassword());
  out(`new password set for ${name}; any lock is lifted and their sessions have ended`);
}
