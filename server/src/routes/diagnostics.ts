import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { MAX_LOG_LINES, MAX_TEXT_LENGTH } from '../../../shared/diagnostics/bundle';
import { parseReceivedBundle } from '../../../shared/diagnostics/receivedBundle';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { deviceOf, type DeviceGuard } from '../plugins/auth';

export const DIAGNOSTICS_PATH = '/api/v1/diagnostics';
/** Enough to compare a fault over a few weeks; older bundles only fill the database. */
export const DIAGNOSTICS_KEPT_PER_DEVICE = 20;
/** The largest bundle the kiosk can build (every line at its cut length), with room for JSON escaping. */
const BODY_LIMIT = MAX_LOG_LINES * (MAX_TEXT_LENGTH + 200) * 2;

/**
 * An enrolled kiosk sends a diagnostics bundle when its administrator asks the county for help.
 * The server trusts nothing in it: the bundle is parsed strictly and every free text redacted again
 * (shared/diagnostics/receivedBundle.ts) before it is stored.
 */
export function registerDiagnosticsRoutes(app: FastifyInstance, db: Kysely<Database>, requireDevice: DeviceGuard, clock: () => Date): void {
  app.post(DIAGNOSTICS_PATH, { preHandler: requireDevice, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const device = deviceOf(request);
    const parsed = parseReceivedBundle(request.body);
    if (!parsed.ok) throw new HttpError(422, 'INVALID_DIAGNOSTICS', parsed.problems.join('; ').slice(0, 500));
    const { bundle } = parsed;
    // A bundle that names another device was copied from elsewhere: not this device's to file.
    if (bundle.device.deviceId !== null && bundle.device.deviceId !== device.id) {
      throw new HttpError(422, 'DEVICE_MISMATCH', 'the bundle was made on another device');
    }
    if (parsed.redactedAgain > 0) request.log.warn({ deviceId: device.id, redactedAgain: parsed.redactedAgain }, 'diagnostics bundle needed redaction on arrival');
    const body = JSON.stringify(bundle);
    const id = uuidv7(clock().getTime());
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('device_diagnostics')
        .values({ id, device_id: device.id, received_at: clock().toISOString(), created_at: bundle.createdAt, app_version: bundle.versions.app, body, size: body.length })
        .execute();
      const kept = await trx
        .selectFrom('device_diagnostics')
        .select('id')
        .where('device_id', '=', device.id)
        .orderBy('id', 'desc')
        .limit(DIAGNOSTICS_KEPT_PER_DEVICE)
        .execute();
      const oldestKept = kept[kept.length - 1]?.id;
      if (oldestKept !== undefined) await trx.deleteFrom('device_diagnostics').where('device_id', '=', device.id).where('id', '<', oldestKept).execute();
    });
    return reply.status(201).send({ id });
  });
}
