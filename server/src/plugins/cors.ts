import type { FastifyInstance } from 'fastify';

/** Only the API is cross-origin: the web-mode kiosk is served from another origin than the county. */
const API_PREFIX = '/api/v1/';

/** Browsers may cache a preflight this long (Chromium caps it at 2 hours anyway). */
const PREFLIGHT_MAX_AGE_SECONDS = 7_200;

/**
 * CORS for the API, without a dependency: kiosks authenticate with a Bearer token, never a cookie,
 * so any origin may call (`*`, no credentials), and a page on another origin gains nothing it could
 * not do with the token itself. A preflight is answered before auth and rate limiting; the allowed
 * request headers are what the sync client sends (Content-Encoding: gzip bodies are accepted).
 * The rate-limit headers and Retry-After are exposed so a web kiosk can back off as told.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(API_PREFIX)) return undefined;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset');
    if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) return undefined;
    // Ends the request here: no route, auth or rate limit sees a preflight.
    return reply
      .status(204)
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'authorization, content-type, content-encoding, x-kiosk-version')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
      .send();
  });
}
