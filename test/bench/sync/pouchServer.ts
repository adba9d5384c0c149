import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';
import type { StoredDisbursement } from '../../../renderer/src/db/schema';
import { countWire, type WireCounter } from './wireCounter';

export const POUCH_DB_NAME = 'disbursements';

export interface PouchServer {
  /** The database's URL, as the page's PouchDB replicates from it. */
  dbUrl: string;
  wire: WireCounter;
  close(): Promise<void>;
}

/** Chunk file → CouchDB documents: the row as the county publishes it, its id as _id. */
function docsOf(chunk: StoredDisbursement[]): Array<Record<string, unknown>> {
  return chunk.map(({ householdKey: _key, rank: _rank, ...row }) => ({ _id: row.id, ...row }));
}

/**
 * PouchDB on LevelDB behind express-pouchdb on 127.0.0.1: the CouchDB replication protocol a
 * PouchDB kiosk would use. Loaded before any timing starts, with the same rows as the county.
 */
export async function startPouchServer(dataDir: string, chunksDir: string, chunkCount: number, log: (line: string) => void): Promise<PouchServer> {
  mkdirSync(dataDir, { recursive: true });
  const LevelPouch = PouchDB.defaults({ prefix: `${dataDir}/` });
  const db = new LevelPouch(POUCH_DB_NAME);
  const started = Date.now();
  for (let i = 0; i < chunkCount; i++) {
    const chunk = JSON.parse(readFileSync(join(chunksDir, `chunk-${String(i).padStart(5, '0')}.json`), 'utf8')) as StoredDisbursement[];
    const results = await db.bulkDocs(docsOf(chunk));
    const failed = results.find((r) => r.error !== undefined);
    if (failed) throw new Error(`PouchDB load failed on ${failed.id ?? '?'}: ${failed.error ?? ''}`);
    if (i % 20 === 19) log(`  PouchDB loaded ${(i + 1) * chunk.length} rows (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  const info = await db.info();
  log(`  PouchDB holds ${info.doc_count} docs (loaded in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const app = express();
  // The page is on another origin, and PouchDB's fetch sends credentials, so the origin is echoed.
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, HEAD, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, Accept');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  });
  app.use(expressPouchDB(LevelPouch, { mode: 'minimumForPouchDB', configPath: join(dataDir, 'config.json'), logPath: join(dataDir, 'log.txt') }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    dbUrl: `http://127.0.0.1:${port}/${POUCH_DB_NAME}`,
    wire: countWire(server),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
