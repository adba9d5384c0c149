import type { FastifyInstance } from 'fastify';
import { DASHBOARD_API_PREFIX } from '../../../shared/dashboard/staff';
import type { DashboardContext } from './context';
import { registerCaseRoutes } from './routes/cases';
import { registerContentRoutes } from './routes/content';
import { registerDeviceAdminRoutes } from './routes/devices';
import { registerDiagnosticsAdminRoutes } from './routes/diagnostics';
import { registerExportRoutes } from './routes/exports';
import { registerFeedbackRoutes } from './routes/feedback';
import { registerFundRoutes } from './routes/funds';
import { registerOverviewRoutes } from './routes/overview';
import { registerSessionRoutes } from './routes/session';
import { registerUpdateAdminRoutes } from './routes/updates';
import { registerDashboardPages } from './pages';
import { registerStaffAuth } from './staffAuth';

/**
 * The county dashboard: its API under DASHBOARD_API_PREFIX, in one scope whose hooks require a
 * staff session with the route's `minRole` (and the CSRF token on writes) before any handler runs,
 * then the built pages.
 */
export async function registerDashboard(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  await app.register(
    async (scope) => {
      await registerStaffAuth(scope, ctx);
      registerSessionRoutes(scope, ctx);
      registerOverviewRoutes(scope, ctx);
      registerCaseRoutes(scope, ctx);
      registerFeedbackRoutes(scope, ctx);
      registerFundRoutes(scope, ctx);
      registerContentRoutes(scope, ctx);
      registerExportRoutes(scope, ctx);
      registerDeviceAdminRoutes(scope, ctx);
      registerDiagnosticsAdminRoutes(scope, ctx);
      registerUpdateAdminRoutes(scope, ctx);
    },
    { prefix: DASHBOARD_API_PREFIX },
  );
  await registerDashboardPages(app, ctx);
}
