import { z } from 'zod';

/**
 * County staff of the dashboard. Roles are ordered: a clerk can do what a viewer does, an admin
 * what a clerk does. The server enforces them on every route; the UI only hides what would fail.
 */
export const STAFF_ROLES = ['viewer', 'clerk', 'admin'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export function roleAtLeast(role: StaffRole, needed: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(needed);
}

/** Every dashboard API route lives under this prefix (same origin as the dashboard's pages). */
export const DASHBOARD_API_PREFIX = '/dashboard/api';
/** The dashboard's pages are served under this path by the county server. */
export const DASHBOARD_BASE_PATH = '/dashboard/';
/** Writes must echo the session's CSRF token in this header. */
export const CSRF_HEADER = 'x-csrf-token';

export const STAFF_LIMITS = {
  nameMax: 40,
  passwordMin: 10,
  passwordMax: 200,
} as const;

export const staffNameSchema = z.string().trim().min(1).max(STAFF_LIMITS.nameMax);
export const staffPasswordSchema = z.string().min(STAFF_LIMITS.passwordMin).max(STAFF_LIMITS.passwordMax);

export const loginRequestSchema = z.strictObject({
  name: staffNameSchema,
  // Not the policy check (that is for `user add`): any string up to the max may be tried.
  password: z.string().min(1).max(STAFF_LIMITS.passwordMax),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const staffUserSchema = z.object({ id: z.string(), name: z.string(), role: staffRoleSchema });
export type StaffUser = z.infer<typeof staffUserSchema>;

/** What GET /session and POST /login answer: who is signed in and the token writes must carry. */
export const staffSessionSchema = z.object({ user: staffUserSchema, csrfToken: z.string().min(16), expiresAt: z.string() });
export type StaffSession = z.infer<typeof staffSessionSchema>;

/** The API's error body, as on /api/v1. */
export const dashboardErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
