import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { HttpError } from '../httpError';

/** Fastify's own 4xx codes, renamed into the API's vocabulary (see apiErrorSchema in shared/sync/protocol.ts). */
const FASTIFY_CODES: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const MAX_MESSAGE = 300;

/** Field paths and zod's messages only: never the offending input, which may be huge or personal. */
export function describeZodError(error: ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > 5) parts.push(`and ${error.issues.length - 5} more`);
  return parts.join('; ').slice(0, MAX_MESSAGE);
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * Every failure leaves as `{ error: { code, message } }`. Client mistakes say what was wrong;
 * server faults say only "internal error" (the details and stack go to the log, not the wire).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | ZodError | Error, request, reply) => {
    if (error instanceof ZodError) {
      return reply.status(400).send(errorBody('INVALID_REQUEST', describeZodError(error)));
    }
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message.slice(0, MAX_MESSAGE)));
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[status] ?? 'BAD_REQUEST';
      return reply.status(status).send(errorBody(code, error.message.slice(0, MAX_MESSAGE)));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL_ERROR', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`.slice(0, MAX_MESSAGE))),
  );
}
