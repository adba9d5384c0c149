import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { KIOSK_VERSION_HEADER, kioskVersionSchema } from '../../../shared/dashboard/devices';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { findDeviceByTokenHash, touchDevice, type DeviceRecord } from '../repositories/devices';
import { sha256Hex } from '../secrets';

declare module 'fastify' {
  interface FastifyRequest {
    /** The enrolled, unrevoked device making this request; set by `requireDevice`. */
    device: DeviceRecord | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{32,200})$/;

export type DeviceGuard = (request: FastifyRequest) => Promise<void>;

/**
 * `Authorization: Bearer <token>` → the device. Only the token's SHA-256 is looked up, so the
 * database never holds a usable credential. A revoked device is refused like an unknown one,
 * with its own code so the kiosk can tell the agent to enroll again.
 */
export function registerDeviceAuth(app: FastifyInstance, db: Kysely<Database>, clock: () => Date): DeviceGuard {
  app.decorateRequest('device', null);
  return async function requireDevice(request) {
    const header = request.headers.authorization;
    if (header === undefined) throw new HttpError(401, 'MISSING_TOKEN', 'send Authorization: Bearer <token>');
    const match = BEARER.exec(header);
    if (match === null) throw new HttpError(401, 'INVALID_TOKEN', 'the device token is not valid');
    const device = await findDeviceByTokenHash(db, sha256Hex(match[1] as string));
    if (device === undefined) throw new HttpError(401, 'INVALID_TOKEN', 'the device token is not valid');
    if (device.revokedAt !== null) throw new HttpError(401, 'DEVICE_REVOKED', 'this device was revoked; enroll it again');
    request.device = device;
    await touchDevice(db, device.id, clock(), kioskVersionOf(request));
  };
}

/** The kiosk's version header when it is a plausible version; anything else is ignored, never stored. */
function kioskVersionOf(request: FastifyRequest): string | null {
  const parsed = kioskVersionSchema.safeParse(request.headers[KIOSK_VERSION_HEADER]);
  return parsed.success ? parsed.data : null;
}

/** The authenticated device, for handlers behind `requireDevice`. */
export function deviceOf(request: FastifyRequest): DeviceRecord {
  if (request.device === null) throw new Error('route is missing the requireDevice guard');
  return request.device;
}
