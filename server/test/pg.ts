import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/connection';

/**
 * Every repository and HTTP test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL
 * points at a server (CI starts one; see .ci/run). Each test gets a database of its own —
 * a temp SQLite file, or a fresh PostgreSQL database — dropped afterwards.
 */
export type TestDatabaseKind = 'sqlite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';

export const TEST_DATABASE_KINDS: TestDatabaseKind[] = TEST_DATABASE_URL === '' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  kind: TestDatabaseKind;
  target: DatabaseTarget;
  /** How a CLI child process reaches the same database. */
  cliArgs: string[];
  cliEnv: Record<string, string>;
  /** Opens a handle (the caller closes it, or `drop` closes those it opened). */
  open(): DatabaseHandle;
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const handles: DatabaseHandle[] = [];
  const track = (target: DatabaseTarget) => () => {
    const handle = openDatabase(target);
    handles.push(handle);
    return handle;
  };
  const closeAll = async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  };

  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'county-test-'));
    const file = join(dir, 'county.sqlite');
    const target: DatabaseTarget = { kind: 'sqlite', file };
    return {
      kind,
      target,
      cliArgs: ['--db', file],
      cliEnv: { DATABASE_URL: '' },
      open: track(target),
      drop: async () => {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  if (TEST_DATABASE_URL === '') throw new Error('TEST_DATABASE_URL is not set');
  const name = `county_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabaseName(TEST_DATABASE_URL, name);
  const target: DatabaseTarget = { kind: 'postgres', url };
  return {
    kind,
    target,
    cliArgs: [],
    cliEnv: { DATABASE_URL: url },
    open: track(target),
    drop: async () => {
      await closeAll();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
