import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../../server/src/config';

export interface BenchDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A SQLite file in a temp folder of its own, removed afterwards. */
export function sqliteBenchDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-county-'));
  return { target: { kind: 'sqlite', file: join(dir, 'county.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh database on the PostgreSQL server `adminUrl` points at, dropped afterwards. */
export async function postgresBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `bench_sync_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { target: { kind: 'postgres', url: url.toString() }, drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
