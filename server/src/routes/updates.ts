import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  DEFAULT_UPDATE_FORMAT,
  FORMATS_OF_PLATFORM,
  latestUpdateQuerySchema,
  latestUpdateResponseSchema,
  UPDATE_SHA256_HEADER,
  UPDATES_API_PREFIX,
  updateIdSchema,
  updateReleaseQuerySchema,
  type UpdateArch,
  type UpdateFormat,
  type UpdatePlatform,
} from '../../../shared/updates/manifest';
import type { ServerConfig } from '../config';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { deviceOf, type DeviceGuard } from '../plugins/auth';
import { parseByteRange } from '../services/updates/byteRange';
import { newestApplicableUpdate } from '../services/updates/latestUpdate';
import { findUpdate, findUpdateByTargetVersion, listUpdatesFor } from '../services/updates/updateRows';
import { resolveUpdateDir, storedUpdatePath } from '../services/updates/updateStore';

const fileParamsSchema = z.strictObject({ id: updateIdSchema });

/**
 * Updates for enrolled kiosks only (a revoked or unknown device gets 401 like everywhere else):
 * "is there something newer for me?", "that exact version" (for a rollback), and the file itself,
 * resumable with Range. The file's
 * SHA-256 travels in a header and as a strong ETag, so a kiosk resuming with If-Range gets the
 * whole file again (200) if the bytes it started on are no longer the ones served.
 */
export function registerUpdateRoutes(app: FastifyInstance, db: Kysely<Database>, config: ServerConfig, requireDevice: DeviceGuard): void {
  const updateDir = resolveUpdateDir(config.database, config.updateDir);

  app.get(`${UPDATES_API_PREFIX}/latest`, { preHandler: requireDevice }, async (request, reply) => {
    const query = latestUpdateQuerySchema.parse(request.query);
    const format = query.format ?? DEFAULT_UPDATE_FORMAT[query.platform];
    if (!FORMATS_OF_PLATFORM[query.platform].includes(format)) {
      throw new HttpError(400, 'INVALID_REQUEST', `format ${format} does not run on ${query.platform}`);
    }
    await recordUpdateTarget(db, request, { platform: query.platform, arch: query.arch, format });
    const published = await listUpdatesFor(db, { platform: query.platform, arch: query.arch, format });
    const update = newestApplicableUpdate(published, query.version);
    if (update === null) return reply.status(204).send();
    return latestUpdateResponseSchema.parse({ update });
  });

  app.get(`${UPDATES_API_PREFIX}/release`, { preHandler: requireDevice }, async (request) => {
    const query = updateReleaseQuerySchema.parse(request.query);
    const format = query.format ?? DEFAULT_UPDATE_FORMAT[query.platform];
    if (!FORMATS_OF_PLATFORM[query.platform].includes(format)) {
      throw new HttpError(400, 'INVALID_REQUEST', `format ${format} does not run on ${query.platform}`);
    }
    await recordUpdateTarget(db, request, { platform: query.platform, arch: query.arch, format });
    const update = await findUpdateByTargetVersion(db, { platform: query.platform, arch: query.arch, format }, query.version);
    if (update === undefined) throw new HttpError(404, 'UPDATE_NOT_FOUND', `${query.version} was not published for ${query.platform}/${query.arch}/${format}`);
    return latestUpdateResponseSchema.parse({ update });
  });

  // No compression: a gzip stream's byte offsets are not the file's, and Range must address the file.
  app.get(`${UPDATES_API_PREFIX}/files/:id`, { preHandler: requireDevice, compress: false }, async (request, reply) => {
    const { id } = fileParamsSchema.parse(request.params);
    const update = await findUpdate(db, id);
    if (update === undefined) throw new HttpError(404, 'UPDATE_NOT_FOUND', 'no such update file');
    const path = storedUpdatePath(updateDir, id);
    const size = await stat(path).then(
      (stats) => stats.size,
      () => null,
    );
    // The row without its bytes (a folder restored from another backup): a server fault, not the kiosk's.
    if (size !== update.size) {
      request.log.error({ updateId: id, expected: update.size, found: size }, 'update file missing or changed on disk');
      throw new HttpError(503, 'UPDATE_FILE_UNAVAILABLE', 'the update file is not available on the county server');
    }
    const etag = `"${update.sha256}"`;
    reply
      .header('accept-ranges', 'bytes')
      .header('etag', etag)
      .header(UPDATE_SHA256_HEADER, update.sha256)
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${update.fileName}"`)
      .header('cache-control', 'no-store');
    const ifRange = request.headers['if-range'];
    const rangeHeader = ifRange === undefined || ifRange === etag ? request.headers.range : undefined;
    const range = parseByteRange(rangeHeader, size);
    if (range.kind === 'unsatisfiable') {
      return reply.status(416).header('content-range', `bytes */${size}`).send();
    }
    if (range.kind === 'whole') {
      return reply.status(200).header('content-length', size).send(createReadStream(path));
    }
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .send(createReadStream(path, { start: range.start, end: range.end }));
  });
}

interface UpdateTarget {
  platform: UpdatePlatform;
  arch: UpdateArch;
  format: UpdateFormat;
}

/**
 * Remembers what the kiosk says it is, so the updates page compares it only with its own
 * platform's release. Written only when something changed (kiosks ask every few hours and rarely
 * change); a failure is logged, never the kiosk's problem: its update check still gets an answer.
 */
async function recordUpdateTarget(db: Kysely<Database>, request: FastifyRequest, target: UpdateTarget): Promise<void> {
  try {
    await db
      .updateTable('devices')
      .set({ update_platform: target.platform, update_arch: target.arch, update_format: target.format })
      .where('id', '=', deviceOf(request).id)
      .where((eb) =>
        eb.or([
          // Null-safe "differs": the columns start out null, and null <> 'win32' is not true in SQL.
          eb('update_platform', 'is', null),
          eb('update_platform', '<>', target.platform),
          eb('update_arch', 'is', null),
          eb('update_arch', '<>', target.arch),
          eb('update_format', 'is', null),
          eb('update_format', '<>', target.format),
        ]),
      )
      .execute();
  } catch (error) {
    request.log.error({ err: error, deviceId: request.device?.id }, 'could not record the platform a kiosk asked updates for');
  }
}
