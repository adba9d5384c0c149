import type { FastifyInstance } from 'fastify';
import { loginRequestSchema, type StaffSession } from '../../../../shared/dashboard/staff';
import { HttpError } from '../../httpError';
import { logIn } from '../../services/staffLogin';
import { closeStaffSession, toStaffSession } from '../../services/staffSessions';
import type { DashboardContext } from '../context';
import { clearSessionCookie, setSessionCookie } from '../staffAuth';

/**
 * Sign-in attempts per client address per minute, on top of the account lockout: the lockout
 * protects one account, this slows a sweep of many names from one address.
 */
export const LOGIN_RATE_LIMIT_PER_MINUTE = 20;

/**
 * POST /login, POST /logout, GET /session.
 * Login is public and takes no CSRF token (there is no session yet). Login CSRF — a foreign page
 * signing the browser in as someone else — is prevented by the SameSite=Strict cookie (a cross-site
 * POST stores no cookie that would be sent back) and by accepting JSON only, which a cross-site
 * form cannot send without a CORS preflight that this API never grants.
 */
export function registerSessionRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.post(
    '/login',
    { config: { minRole: 'public', rateLimit: { max: LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } } },
    async (request, reply): Promise<StaffSession> => {
      const login = loginRequestSchema.parse(request.body);
      const outcome = await logIn(ctx.db, login, ctx.clock());
      if (!outcome.ok) throw new HttpError(401, 'LOGIN_FAILED', 'wrong name or password, or the account is locked or disabled');
      // A browser signing in again must not leave its previous session usable.
      if (request.staffSession !== null) await closeStaffSession(ctx.db, request.staffSession.id);
      setSessionCookie(request, reply, outcome.token);
      return toStaffSession(outcome.session);
    },
  );

  scope.post('/logout', { config: { minRole: 'viewer' } }, async (request, reply) => {
    if (request.staffSession !== null) await closeStaffSession(ctx.db, request.staffSession.id);
    clearSessionCookie(request, reply);
    return reply.status(204).send();
  });

  scope.get('/session', { config: { minRole: 'public' } }, async (request): Promise<StaffSession> => {
    if (request.staffSession === null) throw new HttpError(401, 'UNAUTHENTICATED', 'not signed in');
    return toStaffSession(request.staffSession);
  });
}
