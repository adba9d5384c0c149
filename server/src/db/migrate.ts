import { sql, Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './connection';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_push';
import * as m0003 from './migrations/0003_changes';
import * as m0004 from './migrations/0004_change_compaction';
import * as m0005 from './migrations/0005_county_writes';
import * as m0006 from './migrations/0006_device_author';
import * as m0007 from './migrations/0007_station_no';
import * as m0008 from './migrations/0008_staff';
import * as m0009 from './migrations/0009_case_projection';
import * as m0010 from './migrations/0010_funds';
import * as m0011 from './migrations/0011_device_app_version';
import * as m0012 from './migrations/0012_updates';
import * as m0013 from './migrations/0013_diagnostics';
import * as m0014 from './migrations/0014_device_platform';

/**
 * Migrations are imported, not read from a folder, so they run the same under tsx, in a bundle
 * and in tests. Names sort in order; add the next file here as 0002_… and never edit a shipped one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_push': m0002,
  '0003_changes': m0003,
  '0004_change_compaction': m0004,
  '0005_county_writes': m0005,
  '0006_device_author': m0006,
  '0007_station_no': m0007,
  '0008_staff': m0008,
  '0009_case_projection': m0009,
  '0010_funds': m0010,
  '0011_device_app_version': m0011,
  '0012_updates': m0012,
  '0013_diagnostics': m0013,
  '0014_device_platform': m0014,
};

const staticProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** How often a start re-checks after losing a migration race to another process on the same SQLite file. */
const MIGRATION_ATTEMPTS = 10;

/**
 * Brings the database to the latest schema. On PostgreSQL, Kysely's lock makes concurrent starts
 * (several instances) safe. On SQLite its lock is per process: two processes starting at once on a
 * fresh file can both try the same migration, and the loser's transaction rolls back ("table …
 * already exists", or the database is busy). The loser then looks again and finds the work done.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  // Up to date already (every CLI command after the first): a read, and none of the migrator's
  // locking writes, so commands run beside `serve` never contend for SQLite's write lock here.
  if (await isUpToDate(handle)) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(handle);
    } catch (error) {
      const raced = handle.target.kind === 'sqlite' && /already exists|duplicate column|SQLITE_BUSY|database is locked/i.test(String(error instanceof Error ? error.message : error));
      if (!raced || attempt >= MIGRATION_ATTEMPTS) throw error;
      // Jittered, so processes that lost together do not collide again (bounded: about 3 s in all).
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 50));
    }
  }
}

async function isUpToDate(handle: DatabaseHandle): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db);
    const applied = new Set(rows.map((r) => r.name));
    return Object.keys(MIGRATIONS).every((name) => applied.has(name));
  } catch {
    // No migration table yet: a fresh database.
    return false;
  }
}

async function migrateOnce(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: staticProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
