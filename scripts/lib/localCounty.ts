import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app';
import { serverConfigSchema } from '../../server/src/config';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/connection';
import { migrateToLatest } from '../../server/src/db/migrate';
import { listVillages } from '../../server/src/repositories/villages';
import { issueEnrollmentCode } from '../../server/src/services/enrollment';
import { importDemo } from '../../server/src/services/importDemo';
import { createStaffUser } from '../../server/src/services/staffAccounts';
import { listStaffAccounts } from '../../server/src/repositories/staffUsers';

export interface LocalCountyOptions {
  /** Holds county.sqlite; kept between runs so the kiosk's enrollment stays valid. */
  dataDir: string;
  /** The demo set to publish on first use. */
  demoDir: string;
  /** The village the local kiosk is enrolled for. */
  villageCode: string;
  host?: string;
  port?: number;
  log?: (line: string) => void;
  /** Adds DEMO_COUNTY_ADMIN when the county has no dashboard account yet (`npm start` only). */
  demoAdmin?: boolean;
}

export interface LocalCounty {
  url: string;
  /** A fresh one-time code for the village, valid for a day. */
  enrollCode: string;
  close(): Promise<void>;
}

/**
 * The dashboard account of `npm start`'s demo county. Published in the README like the demo agents:
 * it exists only in the local demo database, never in a county's real one.
 */
export const DEMO_COUNTY_ADMIN = { name: '演示管理员', role: 'admin', password: 'demo-county-2026' } as const;

/** The port `npm start` tries first for its county; any free port when it is taken. */
export const LOCAL_COUNTY_PORT = 8740;
const ENROLL_CODE_TTL_MS = 24 * 3_600_000;

/**
 * A county server for `npm start`: SQLite under dataDir, the demo set imported once (validated
 * first, so a bad set stops here rather than half-loaded), listening on loopback only.
 */
export async function startLocalCounty(options: LocalCountyOptions): Promise<LocalCounty> {
  const log = options.log ?? ((line: string) => console.log(line));
  mkdirSync(options.dataDir, { recursive: true });
  const database = openDatabase({ kind: 'sqlite', file: join(options.dataDir, 'county.sqlite') });
  let app: FastifyInstance | null = null;
  try {
    await migrateToLatest(database);
    await importOnce(database, options.demoDir, log);
    if (options.demoAdmin === true && (await listStaffAccounts(database.db)).length === 0) {
      await createStaffUser(database.db, { ...DEMO_COUNTY_ADMIN });
    }
    const issued = await issueEnrollmentCode(database.db, options.villageCode, ENROLL_CODE_TTL_MS);
    const config = serverConfigSchema.parse({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? LOCAL_COUNTY_PORT,
      database: { kind: 'sqlite', file: join(options.dataDir, 'county.sqlite') },
      logLevel: 'warn',
    });
    app = await buildApp(config, { database });
    const address = await listen(app, config.host, config.port);
    const running = app;
    return {
      url: address,
      enrollCode: issued.code,
      close: async () => {
        await running.close();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function importOnce(database: DatabaseHandle, demoDir: string, log: (line: string) => void): Promise<void> {
  if ((await listVillages(database.db)).length > 0) return;
  log(`County: publishing the demo data from ${demoDir} (first run only)…`);
  const started = Date.now();
  const summary = await importDemo(database.db, demoDir);
  log(`County: ${summary.published.disbursement} payment lines published in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await app.listen({ host, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    return app.listen({ host, port: 0 });
  }
}
