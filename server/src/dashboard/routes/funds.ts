import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  FUND_FILE_INVALID, fundUploadQuerySchema, type FundProgramTotals, type FundPublishResult, type FundUploadPreview,
} from '../../../../shared/dashboard/funds';
import { FundFileError } from '../../../../shared/funds/fileError';
import { HttpError } from '../../httpError';
import { listProgramTotals } from '../../repositories/fundTotals';
import { UnknownFundProgramError } from '../../services/fundImport/fundContextLoader';
import {
  createFundUpload, FundUploadNotFoundError, FundUploadNotPublishableError, getFundUpload, publishFundUpload, type FundUploadDeps,
} from '../../services/fundImport/fundUploads';
import { FundPublishError } from '../../services/fundImport/publishFundFile';
import { MAX_FUND_UPLOAD_BYTES, resolveFundUploadDir, UploadTooLargeError } from '../../services/fundImport/uploadStore';
import type { DashboardContext } from '../context';

const uploadParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, 'not an upload id') });

/** The service's errors as the API's: safe messages, stable codes. */
function toHttpError(error: unknown): unknown {
  if (error instanceof FundFileError) return new HttpError(422, FUND_FILE_INVALID, error.message);
  if (error instanceof UnknownFundProgramError) return new HttpError(422, 'FUND_PROGRAM_UNKNOWN', error.message);
  if (error instanceof UploadTooLargeError) return new HttpError(413, 'FUND_FILE_TOO_LARGE', error.message);
  if (error instanceof FundUploadNotFoundError) return new HttpError(404, 'FUND_UPLOAD_NOT_FOUND', error.message);
  if (error instanceof FundUploadNotPublishableError) return new HttpError(409, 'FUND_UPLOAD_NOT_PUBLISHABLE', error.message);
  if (error instanceof FundPublishError) return new HttpError(409, 'FUND_PUBLISH_FAILED', error.message);
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}

/**
 * POST /funds/uploads (raw file body), GET /funds/uploads/:id, POST /funds/uploads/:id/publish
 * (admin) and GET /funds/programs (viewer). The upload routes live in a child scope whose
 * octet-stream parser hands the request stream on unread: the file goes to disk as it arrives,
 * never whole into memory.
 */
export function registerFundRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  const deps: FundUploadDeps = {
    db: ctx.db,
    clock: ctx.clock,
    uploadDir: resolveFundUploadDir(ctx.config.database, ctx.config.fundUploadDir),
  };

  scope.get('/funds/programs', { config: { minRole: 'viewer' } }, async (): Promise<FundProgramTotals> => ({ programs: await listProgramTotals(ctx.db) }));

  scope.get('/funds/uploads/:id', { config: { minRole: 'admin' } }, async (request): Promise<FundUploadPreview> => {
    const { id } = uploadParamsSchema.parse(request.params);
    return mapped(() => getFundUpload(deps, id));
  });

  scope.post('/funds/uploads/:id/publish', { config: { minRole: 'admin' } }, async (request): Promise<FundPublishResult> => {
    const { id } = uploadParamsSchema.parse(request.params);
    return mapped(() => publishFundUpload(deps, id));
  });

  void scope.register(async (uploads) => {
    uploads.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    uploads.post('/funds/uploads', { config: { minRole: 'admin' }, bodyLimit: MAX_FUND_UPLOAD_BYTES }, async (request, reply): Promise<FundUploadPreview> => {
      const query = fundUploadQuerySchema.parse(request.query);
      if (request.body === null || request.body === undefined || typeof (request.body as Readable).pipe !== 'function') {
        throw new HttpError(415, 'FUND_FILE_INVALID', 'send the file as the raw request body (content-type application/octet-stream)');
      }
      const preview = await mapped(() => createFundUpload(deps, request.body as Readable, query, request.staff?.id ?? null));
      return reply.status(201).send(preview);
    });
  });
}
