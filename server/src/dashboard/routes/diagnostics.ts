import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DiagnosticsListResponse } from '../../../../shared/diagnostics/dashboard';
import { HttpError } from '../../httpError';
import type { DashboardContext } from '../context';

const deviceParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const bundleParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

/**
 * Diagnostics bundles per device, newest first, and one bundle to download. The bundles were
 * redacted twice (kiosk and arrival); still only administrators open them, since they describe a
 * station's faults in detail.
 */
export function registerDiagnosticsAdminRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/devices/:id/diagnostics', { config: { minRole: 'viewer' } }, async (request): Promise<DiagnosticsListResponse> => {
    const { id } = deviceParamsSchema.parse(request.params);
    const rows = await ctx.db
      .selectFrom('device_diagnostics')
      .select(['id', 'device_id', 'received_at', 'created_at', 'app_version', 'size'])
      .where('device_id', '=', id)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return {
      diagnostics: rows.map((row) => ({
        id: row.id,
        deviceId: row.device_id,
        receivedAt: row.received_at,
        createdAt: row.created_at,
        appVersion: row.app_version,
        size: Number(row.size),
      })),
    };
  });

  scope.get('/diagnostics/:id', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { id } = bundleParamsSchema.parse(request.params);
    const row = await ctx.db.selectFrom('device_diagnostics').select(['body', 'device_id', 'received_at']).where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new HttpError(404, 'NOT_FOUND', `no diagnostics ${id}`);
    const stamp = row.received_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="diagnostics-${row.device_id}-${stamp}.json"`)
      .header('cache-control', 'no-store')
      .send(row.body);
  });
}
