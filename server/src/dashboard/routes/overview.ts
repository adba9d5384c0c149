import type { FastifyInstance } from 'fastify';
import type { OverviewResponse, VillagesResponse } from '../../../../shared/dashboard/overview';
import type { DashboardContext } from '../context';
import { buildOverview } from '../queries/overview';

/** GET /overview (county figures per village, charts), GET /villages (filter dropdowns). */
export function registerOverviewRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/overview', { config: { minRole: 'viewer' } }, async (): Promise<OverviewResponse> => buildOverview(ctx.db, ctx.clock()));

  scope.get('/villages', { config: { minRole: 'viewer' } }, async (): Promise<VillagesResponse> => {
    const rows = await ctx.db.selectFrom('villages').select(['code', 'name', 'township_code']).orderBy('township_code').orderBy('code').execute();
    return { villages: rows.map((row) => ({ code: row.code, name: row.name, townshipCode: row.township_code })) };
  });
}
