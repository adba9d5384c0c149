import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enrollmentCodeRequestSchema, type DeviceListResponse, type DeviceRevokeResponse, type EnrollmentCodeResponse } from '../../../../shared/dashboard/devices';
import { HttpError } from '../../httpError';
import { revokeDevice } from '../../repositories/devices';
import { issueEnrollmentCode, UnknownVillageError } from '../../services/enrollment';
import type { DashboardContext } from '../context';
import { findDeviceSummary, listDeviceSummaries } from '../queries/deviceList';

const deviceParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

/** The kiosks of the county: who synced when with which build, enrollment codes, and revocation. */
export function registerDeviceAdminRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/devices', { config: { minRole: 'viewer' } }, async (): Promise<DeviceListResponse> => ({ devices: await listDeviceSummaries(ctx.db) }));

  scope.post('/devices/enrollment-codes', { config: { minRole: 'admin' } }, async (request, reply): Promise<EnrollmentCodeResponse> => {
    const { villageCode, ttlHours } = enrollmentCodeRequestSchema.parse(request.body);
    try {
      const issued = await issueEnrollmentCode(ctx.db, villageCode, ttlHours * 3_600_000, ctx.clock());
      // Shown once: the server keeps only its hash, and no cache may keep the answer either.
      reply.status(201).header('cache-control', 'no-store');
      return { code: issued.code, expiresAt: issued.expiresAt, villageCode: issued.villageCode };
    } catch (error) {
      if (error instanceof UnknownVillageError) throw new HttpError(400, 'UNKNOWN_VILLAGE', `no village ${villageCode}`);
      throw error;
    }
  });

  scope.post('/devices/:id/revoke', { config: { minRole: 'admin' } }, async (request): Promise<DeviceRevokeResponse> => {
    const { id } = deviceParamsSchema.parse(request.params);
    const result = await revokeDevice(ctx.db, id, ctx.clock());
    if (result.status === 'not-found') throw new HttpError(404, 'NOT_FOUND', `no device ${id}`);
    const device = await findDeviceSummary(ctx.db, id);
    if (device === undefined) throw new HttpError(404, 'NOT_FOUND', `no device ${id}`);
    return { device, alreadyRevoked: result.status === 'already-revoked' };
  });
}
