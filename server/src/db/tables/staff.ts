import type { Generated } from 'kysely';

/** A county staff member who signs in to the dashboard. */
export interface StaffUsersTable {
  id: string;
  /** The sign-in name; unique (trimmed, as staffNameSchema parses it). */
  name: string;
  /** 'viewer' | 'clerk' | 'admin' (shared/dashboard/staff.ts), checked when read. */
  role: string;
  /** `scrypt$N$r$p$salt$hash` (services/staffPasswords.ts): the parameters travel with the hash. */
  password_hash: string;
  created_at: string;
  /** Set by `user disable`: no new sign-in, and existing sessions stop working. */
  disabled_at: string | null;
  /** Consecutive failed sign-ins since the last success or lock. */
  failed_logins: Generated<number>;
  /** Sign-in refused until then, even with the right password. */
  locked_until: string | null;
}

/** A dashboard session; stored so any server instance can check it. */
export interface StaffSessionsTable {
  /** SHA-256 (hex) of the cookie token; the token itself is only in the browser. */
  id: string;
  user_id: string;
  /** Writes must echo it in the x-csrf-token header. */
  csrf_token: string;
  created_at: string;
  /** Moves with each request: the idle timeout counts from here. */
  last_seen_at: string;
  /** The absolute end: created_at + the absolute lifetime, never extended. */
  expires_at: string;
}

export interface StaffTables {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
}
