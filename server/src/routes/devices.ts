import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { villageCodeSchema } from '../../../shared/domain/common';
import { enrollRequestSchema, enrollResponseSchema } from '../../../shared/sync/protocol';
import type { ServerConfig } from '../config';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { deviceOf, type DeviceGuard } from '../plugins/auth';
import { getEpoch } from '../repositories/serverMeta';
import { enrollDevice, type EnrollmentFailure } from '../services/enrollment';

/**
 * Unknown fields are refused, not ignored: a kiosk sending them is out of step with this server.
 * The name is stored as text and shown in `device list`: control characters (NUL cannot even be
 * stored in PostgreSQL text) have no place in it.
 */
const strictEnrollRequestSchema = enrollRequestSchema
  .extend({ deviceName: enrollRequestSchema.shape.deviceName.refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'deviceName must not contain control characters') })
  .strict();

/** Enrollment bodies are tiny; refusing big ones early spares the parser. */
const ENROLL_BODY_LIMIT = 4_096;

const FAILURES: Record<EnrollmentFailure, { status: number; message: string }> = {
  ENROLLMENT_CODE_UNKNOWN: { status: 404, message: 'no such enrollment code; ask the county for a new one' },
  ENROLLMENT_CODE_USED: { status: 409, message: 'this enrollment code was already used; ask the county for a new one' },
  ENROLLMENT_CODE_EXPIRED: { status: 410, message: 'this enrollment code has expired; ask the county for a new one' },
  AUTHOR_ID_TAKEN: {
    status: 409,
    message: 'this kiosk already sends records for another village; it can be enrolled only for that village (the code was not used)',
  },
  VILLAGE_FULL: {
    status: 409,
    message: 'this village already has nine kiosks with a station number, the most it can have; revoke a kiosk no longer in use first (the code was not used)',
  },
};

/** What `GET /api/v1/devices/me` answers: lets a kiosk check that its token still works. */
export const deviceSelfSchema = z.object({
  deviceId: z.string(),
  villageCode: villageCodeSchema,
  name: z.string(),
  epoch: z.number().int().min(1),
});

export function registerDeviceRoutes(
  app: FastifyInstance,
  db: Kysely<Database>,
  config: ServerConfig,
  requireDevice: DeviceGuard,
  clock: () => Date,
): void {
  app.post(
    '/api/v1/devices/enroll',
    { bodyLimit: ENROLL_BODY_LIMIT, config: { rateLimit: { max: config.enrollRateLimitPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const enrollRequest = strictEnrollRequestSchema.parse(request.body);
      const result = await enrollDevice(db, enrollRequest, clock());
      if (!result.ok) {
        const failure = FAILURES[result.reason];
        throw new HttpError(failure.status, result.reason, failure.message);
      }
      request.log.info({ deviceId: result.response.deviceId, villageCode: result.response.villageCode }, 'device enrolled');
      return reply.status(201).send(enrollResponseSchema.parse(result.response));
    },
  );

  app.get('/api/v1/devices/me', { preHandler: requireDevice }, async (request) => {
    const device = deviceOf(request);
    return deviceSelfSchema.parse({ deviceId: device.id, villageCode: device.villageCode, name: device.name, epoch: await getEpoch(db) });
  });
}
