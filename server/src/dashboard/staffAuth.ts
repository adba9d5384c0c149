import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, roleAtLeast, type StaffRole } from '../../../shared/dashboard/staff';
import { HttpError } from '../httpError';
import { csrfTokenMatches, resumeStaffSession, SESSION_ABSOLUTE_LIFETIME_MS, type ActiveStaffSession } from '../services/staffSessions';
import type { DashboardContext } from './context';

/** The session cookie; Path limits it to the dashboard, so the kiosk API never receives it. */
export const STAFF_SESSION_COOKIE = 'county_session';
const COOKIE_PATH = '/dashboard';

/** Methods that change nothing: no CSRF token needed. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind request.staff (null without one), for the session routes. */
    staffSession: ActiveStaffSession | null;
  }
}

export interface DashboardRouteEntry {
  method: string;
  url: string;
  /** Undefined: the route forgot to declare one, and everyone is refused (default deny). */
  minRole: StaffRole | 'public' | undefined;
}

/**
 * Every dashboard API route as registered, keyed by the app's HTTP server (shared by the app and
 * all its scopes), so a test holding only the app can sweep every route for the auth checks.
 */
const registries = new WeakMap<object, DashboardRouteEntry[]>();

export function dashboardRoutes(app: FastifyInstance): readonly DashboardRouteEntry[] {
  return registries.get(app.server) ?? [];
}

/** Secure when the browser reached us over https (directly, or via a trusted proxy's X-Forwarded-Proto). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(STAFF_SESSION_COOKIE, token, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: SESSION_ABSOLUTE_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(STAFF_SESSION_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}

/**
 * The gate in front of every dashboard API route, before the body is even parsed:
 * 1. the route must declare `config.minRole`, otherwise nobody gets in (403);
 * 2. 'public' routes pass (login, session), with the session attached when there is one;
 * 3. otherwise a live session (401 UNAUTHENTICATED) with at least the route's role (403 FORBIDDEN);
 * 4. any write must echo the session's CSRF token in x-csrf-token (403 CSRF_FAILED). The cookie is
 *    SameSite=Strict as well; the token is the second line for browsers or proxies that ignore it.
 */
export async function registerStaffAuth(scope: FastifyInstance, ctx: DashboardContext): Promise<void> {
  await scope.register(cookie);
  const registry: DashboardRouteEntry[] = registries.get(scope.server) ?? [];
  registries.set(scope.server, registry);

  scope.decorateRequest('staff', null);
  scope.decorateRequest('staffSession', null);

  scope.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registry.push({ method, url: route.url, minRole: route.config?.minRole });
  });

  scope.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const minRole = request.routeOptions.config.minRole;
    if (minRole === undefined) throw new HttpError(403, 'FORBIDDEN', 'this route is closed');

    const token = request.cookies[STAFF_SESSION_COOKIE];
    const session = token === undefined || token === '' ? undefined : await resumeStaffSession(ctx.db, token, ctx.clock());
    request.staffSession = session ?? null;
    request.staff = session?.user ?? null;
    if (minRole === 'public') return;

    if (session === undefined) {
      if (token !== undefined) clearSessionCookie(request, reply);
      throw new HttpError(401, 'UNAUTHENTICATED', 'sign in first (or again: the session has ended)');
    }
    if (!roleAtLeast(session.user.role, minRole)) throw new HttpError(403, 'FORBIDDEN', `this needs the ${minRole} role`);
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      if (!csrfTokenMatches(session, typeof presented === 'string' ? presented : undefined)) {
        throw new HttpError(403, 'CSRF_FAILED', `missing or wrong ${CSRF_HEADER} header`);
      }
    }
  });
}
