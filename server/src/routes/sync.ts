import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { pullQuerySchema, pullResponseSchema, pushEntrySchema, pushRequestSchema, pushResponseSchema, SYNC_LIMITS } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { deviceOf, type DeviceGuard } from '../plugins/auth';
import { pullChanges } from '../services/pull';
import { applyPush } from '../services/push';

/**
 * Unknown fields are refused at both levels: a kiosk sending them is out of step with this server.
 * Seqs must increase within a batch (the kiosk sends its outbox in order), so "stop at the first
 * gap" has one meaning.
 */
export const strictPushRequestSchema = pushRequestSchema
  .extend({ entries: z.array(pushEntrySchema.strict()).min(1).max(SYNC_LIMITS.maxPushEntries) })
  .strict()
  .superRefine((request, ctx) => {
    for (let i = 1; i < request.entries.length; i++) {
      if ((request.entries[i]?.seq ?? 0) <= (request.entries[i - 1]?.seq ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'seq'], message: 'seqs must increase within a batch' });
        return;
      }
    }
  });

/** The push body limit (uncompressed JSON), with headroom for the envelope around the entries. */
export const PUSH_BODY_LIMIT = SYNC_LIMITS.maxPushBytes + 64 * 1024;

export function registerSyncRoutes(app: FastifyInstance, db: Kysely<Database>, requireDevice: DeviceGuard, clock: () => Date): void {
  app.post('/api/v1/sync/push', { bodyLimit: PUSH_BODY_LIMIT, preHandler: requireDevice }, async (request, reply) => {
    const device = deviceOf(request);
    const push = strictPushRequestSchema.parse(request.body);
    if (push.deviceId !== device.id) throw new HttpError(403, 'DEVICE_MISMATCH', 'deviceId is not the device this token belongs to');
    const result = await applyPush(db, device, push, clock());
    if (!result.ok) {
      // The current epoch rides along so the kiosk can start over without another round trip.
      return reply.status(409).send({
        error: { code: 'EPOCH_MISMATCH', message: `the county database was restored (epoch ${result.epoch}); start sync over` },
        epoch: result.epoch,
      });
    }
    request.log.info({ deviceId: device.id, ackedThrough: result.response.ackedThrough, rejected: result.response.rejected.length }, 'push applied');
    return pushResponseSchema.parse(result.response);
  });

  app.get('/api/v1/sync/pull', { preHandler: requireDevice }, async (request) => {
    const device = deviceOf(request);
    const query = pullQuerySchema.parse(request.query);
    return pullResponseSchema.parse(await pullChanges(db, device.villageCode, query.since, query.limit));
  });
}
