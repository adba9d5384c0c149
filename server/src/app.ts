import Fastify, { type FastifyInstance } from 'fastify';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import type { ServerConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { registerDeviceAuth } from './plugins/auth';
import { registerCors } from './plugins/cors';
import { registerErrorHandler } from './plugins/errorHandler';
import { registerTransport } from './plugins/transport';
import { registerDeviceRoutes } from './routes/devices';
import { registerDiagnosticsRoutes } from './routes/diagnostics';
import { registerHealthRoute } from './routes/health';
import { registerSyncRoutes } from './routes/sync';
import { registerUpdateRoutes } from './routes/updates';
import { registerDashboard } from './dashboard/register';

export interface AppDependencies {
  /** An open database (tests pass one per schema); otherwise opened from config and closed with the app. */
  database?: DatabaseHandle;
  /** The server's clock, injectable so tests can reach expiry without waiting. */
  clock?: () => Date;
}

/** A push body may be compressed JSON of up to maxPushBytes; a little headroom for the envelope. */
const BODY_LIMIT = SYNC_LIMITS.maxPushBytes + 64 * 1024;

/**
 * The whole HTTP server, migrated and ready to listen. Stateless apart from its database, so
 * several can run behind a load balancer on one PostgreSQL.
 */
export async function buildApp(config: ServerConfig, deps: AppDependencies = {}): Promise<FastifyInstance> {
  const handle = deps.database ?? openDatabase(config.database);
  const ownsDatabase = deps.database === undefined;
  const clock = deps.clock ?? (() => new Date());

  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
  });
  try {
    await migrateToLatest(handle);
    registerErrorHandler(app);
    // First, so its onRequest hook answers preflights before the rate limiter counts them.
    registerCors(app);
    await registerTransport(app, config);
    const requireDevice = registerDeviceAuth(app, handle.db, clock);
    registerHealthRoute(app, handle.db);
    registerDeviceRoutes(app, handle.db, config, requireDevice, clock);
    registerSyncRoutes(app, handle.db, requireDevice, clock);
    registerUpdateRoutes(app, handle.db, config, requireDevice);
    registerDiagnosticsRoutes(app, handle.db, requireDevice, clock);
    await registerDashboard(app, { db: handle.db, clock, config });
    if (ownsDatabase) app.addHook('onClose', async () => handle.close());
    await app.ready();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    if (ownsDatabase) await handle.close();
    throw error;
  }
}
