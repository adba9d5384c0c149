import type { FastifyInstance } from 'fastify';
import type { UpdateListResponse } from '../../../../shared/dashboard/updates';
import type { DashboardContext } from '../context';
import { listUpdates } from '../queries/updateList';

/**
 * What the county published for its kiosks and how far it has rolled out. Read-only for every
 * staff role: publishing stays a command on the server (`publish-update`), where the files are.
 */
export function registerUpdateAdminRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/updates', { config: { minRole: 'viewer' } }, async (): Promise<UpdateListResponse> => listUpdates(ctx.db));
}
