import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';
import { HttpError } from '../httpError';

/**
 * Compression (responses, and gzip/deflate request bodies: the body limit applies to the
 * decompressed bytes) and a per-address rate limit. Registered before the routes so they apply to all.
 */
export async function registerTransport(app: FastifyInstance, config: ServerConfig): Promise<void> {
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'], requestEncodings: ['gzip', 'deflate'] });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `too many requests; retry in ${context.after}`),
  });
}
