import { copyFileSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../../server/src/app';
import { serverConfigSchema } from '../../../server/src/config';
import { openDatabase, type DatabaseHandle } from '../../../server/src/db/connection';
import { migrateToLatest } from '../../../server/src/db/migrate';
import { bumpEpoch } from '../../../server/src/repositories/serverMeta';
import { importDemo } from '../../../server/src/services/importDemo';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase, type TestDatabaseKind } from '../../../server/test/pg';
import { demoCounty, type DemoCounty } from './county';

/**
 * A county whose database can be backed up and restored the way its staff would: the server
 * stopped, the database copied whole (the SQLite file; on PostgreSQL a database created from the
 * live one as its template), and later put back in place of the live one. Every server handle is
 * closed first, so a copy is never taken of a database half written, and PostgreSQL (which
 * refuses to copy or drop a database with connections) is satisfied. The server comes back on the
 * same port, so a kiosk's client keeps working across a restore exactly as across an outage.
 */
export interface RestorableCounty {
  demo: DemoCounty;
  kind: TestDatabaseKind;
  baseUrl: string;
  /** A handle for arranging and checking rows; replaced at every restart. */
  readonly db: DatabaseHandle['db'];
  /** Stops the server, copies the database, starts again. */
  backup(): Promise<void>;
  /** Stops the server, puts the backup in place of the live database, bumps the epoch (the CLI's `epoch bump`), starts again. */
  restoreBackup(): Promise<number>;
  close(): Promise<void>;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

export async function createRestorableCounty(kind: TestDatabaseKind): Promise<RestorableCounty> {
  const demo = await demoCounty();
  const database: TestDatabase = await createTestDatabase(kind);
  const target = database.target;
  const backupName = target.kind === 'postgres' ? `${databaseName(target.url)}_backup` : '';
  const backupFile = target.kind === 'sqlite' ? `${target.file}.backup` : '';
  let handle = openDatabase(target);
  await migrateToLatest(handle);
  await importDemo(handle.db, demo.dir);
  let app: FastifyInstance | null = null;
  let port = 0;

  async function start(): Promise<void> {
    handle = openDatabase(target);
    // Rate limit lifted: the scenarios retry fast.
    const config = serverConfigSchema.parse({ database: target, logLevel: 'silent', port, rateLimitPerMinute: 1_000_000 });
    app = await buildApp(config);
    const address = await app.listen({ host: '127.0.0.1', port });
    port = Number(new URL(address).port);
  }

  async function stop(): Promise<void> {
    await app?.close();
    app = null;
    await handle.close();
  }

  function removeSqliteFiles(file: string): void {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  }

  await handle.close();
  await start();
  const county: RestorableCounty = {
    demo,
    kind,
    get baseUrl() {
      return `http://127.0.0.1:${port}`;
    },
    get db() {
      return handle.db;
    },
    async backup() {
      await stop();
      if (target.kind === 'sqlite') {
        // Every connection closed: SQLite has checkpointed its WAL into the main file.
        removeSqliteFiles(backupFile);
        copyFileSync(target.file, backupFile);
      } else {
        await admin(`DROP DATABASE IF EXISTS ${backupName}`);
        await admin(`CREATE DATABASE ${backupName} TEMPLATE ${databaseName(target.url)}`);
      }
      await start();
    },
    async restoreBackup() {
      await stop();
      if (target.kind === 'sqlite') {
        removeSqliteFiles(target.file);
        copyFileSync(backupFile, target.file);
      } else {
        const live = databaseName(target.url);
        await admin(`DROP DATABASE ${live} WITH (FORCE)`);
        await admin(`CREATE DATABASE ${live} TEMPLATE ${backupName}`);
      }
      const restored = openDatabase(target);
      let epoch: number;
      try {
        epoch = await bumpEpoch(restored.db);
      } finally {
        await restored.close();
      }
      await start();
      return epoch;
    },
    async close() {
      await stop();
      if (target.kind === 'sqlite') removeSqliteFiles(backupFile);
      else await admin(`DROP DATABASE IF EXISTS ${backupName} WITH (FORCE)`);
      await database.drop();
    },
  };
  return county;
}
