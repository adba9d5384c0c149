import fastifyStatic from '@fastify/static';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DASHBOARD_API_PREFIX, DASHBOARD_BASE_PATH } from '../../../shared/dashboard/staff';
import type { DashboardContext } from './context';

/**
 * The dashboard's own scripts and styles only, no inline script and no eval (the app configures
 * zod jitless for that); inline styles are allowed because Vue and echarts set style attributes.
 * The kiosk API's CORS (plugins/cors.ts) is untouched: these headers are on the pages alone.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Vite names files under assets/ by their content hash, so a browser may keep them for good. */
const HASHED_ASSETS = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and unhashed files) are revalidated each time, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';

export const DASHBOARD_NOT_BUILT = 'dashboard not built: run npm run build:dashboard';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The built dashboard under /dashboard/, a single-page app: a path that names no file and does not
 * look like one (no extension) is a client-side route and gets index.html. `/` and `/dashboard`
 * redirect there. Without a build the server still runs (the kiosk API does not need the
 * dashboard) and /dashboard/ says how to build it. Files are looked up per request, so a build
 * made while the server runs is served without a restart.
 */
export async function registerDashboardPages(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const root = resolve(ctx.config.dashboardDir);
  await app.register(async (pages) => {
    await pages.register(fastifyStatic, { root, serve: false });

    pages.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', DASHBOARD_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
      return payload;
    });

    const sendIndex = async (reply: FastifyReply) => {
      if (!(await isFile(resolve(root, 'index.html')))) {
        return reply.status(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(DASHBOARD_NOT_BUILT);
      }
      return reply.header('cache-control', REVALIDATE).sendFile('index.html', { cacheControl: false });
    };

    pages.get('/', async (_request, reply) => reply.redirect(DASHBOARD_BASE_PATH));
    pages.get('/dashboard', async (_request, reply) => reply.redirect(DASHBOARD_BASE_PATH));
    pages.get(DASHBOARD_BASE_PATH, async (_request, reply) => sendIndex(reply));
    pages.get<{ Params: { '*': string } }>(`${DASHBOARD_BASE_PATH}*`, async (request, reply) => {
      const path = request.params['*'];
      // An API path that matched no API route is a 404 in the API's own JSON, never the app page.
      if (`${DASHBOARD_BASE_PATH}${path}`.startsWith(`${DASHBOARD_API_PREFIX}/`) || `${DASHBOARD_BASE_PATH}${path}` === DASHBOARD_API_PREFIX) {
        return reply.callNotFound();
      }
      const file = resolve(root, path);
      if (file.startsWith(root + sep) && (await isFile(file))) {
        return reply.header('cache-control', path.startsWith(HASHED_ASSETS) ? IMMUTABLE : REVALIDATE).sendFile(path, { cacheControl: false });
      }
      if (extname(path) !== '' || path.startsWith(HASHED_ASSETS)) return reply.callNotFound();
      return sendIndex(reply);
    });
  });
}
