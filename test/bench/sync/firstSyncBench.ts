import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import { build } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../../../server/src/app';
import { serverConfigSchema } from '../../../server/src/config';
import { openDatabase } from '../../../server/src/db/connection';
import { importDemo } from '../../../server/src/services/importDemo';
import { SYNC_LIMITS } from '../../../shared/sync/protocol';
import type { SyncBenchData } from './benchData';
import { BENCH_RATE_LIMIT } from './countyConfig';
import { enrollDevice } from './enroll';
import type { OursResult } from './page/oursPhase';
import type { PouchResult } from './page/pouchPhase';
import type { RawResult } from './page/rawPhase';
import { startPouchServer } from './pouchServer';
import { countWire, wireSince, type WireCount } from './wireCounter';

const root = resolve(__dirname, '../../..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
/** PouchDB's own default batch size: the replication a PouchDB kiosk gets out of the box. */
export const POUCH_BATCH_SIZE = 100;

export interface FirstSyncOptions {
  /** PouchDB at a million rows can take far longer than the rest together: it is stopped here. */
  pouchBudgetMs: number;
}

export interface FirstSyncResult {
  rows: number;
  newestYear: number;
  countyImportSeconds: number;
  ours: OursResult & { seconds: number; rowsPerSecond: number; wire: WireCount };
  pouch: PouchResult & { seconds: number; rowsPerSecond: number; wire: WireCount; budgetMs: number; batchSize: number };
  /** The faster of the two raw runs; both runs' write times are in rawRunsMs. */
  raw: RawResult & { seconds: number; rowsPerSecond: number; rawRunsMs: number[] };
  ratios: { oursOverPouch: number; oursOverRaw: number };
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false, logLevel: 'warn', root: join(__dirname, 'page'), base: './',
    build: { outDir, emptyOutDir: true, target: 'chrome120', modulePreload: { polyfill: false } },
    worker: { format: 'es' },
  });
}

async function listen(app: ReturnType<typeof express>): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((done) => {
    const s = app.listen(0, '127.0.0.1', () => done(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function inPage<T>(page: Page, phase: 'ours' | 'pouch' | 'raw', config: unknown): Promise<T> {
  return page.evaluate(
    async ([name, arg]) => {
      const bench = (window as unknown as { syncBench: Record<string, (a: unknown) => Promise<unknown>> }).syncBench;
      return bench[name as string]!(arg);
    },
    [phase, config] as const,
  ) as Promise<T>;
}

/**
 * The three first syncs side by side in one run, one after another, each in a fresh Chromium
 * profile: our county server + pull worker, PouchDB replication, and raw IndexedDB writes.
 */
export async function runFirstSyncBench(data: SyncBenchData, cacheDir: string, options: FirstSyncOptions, log: (line: string) => void): Promise<FirstSyncResult> {
  const work = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const closers: Array<() => Promise<void>> = [];
  try {
    const pageDir = join(cacheDir, 'sync-page');
    log('building the first-sync page…');
    await buildPage(pageDir);

    log(`county: importing ${data.rows} rows into SQLite…`);
    const target = { kind: 'sqlite' as const, file: join(work, 'county.sqlite') };
    const handle = openDatabase(target);
    closers.push(() => handle.close());
    const config = serverConfigSchema.parse({ database: target, port: 0, logLevel: 'warn', rateLimitPerMinute: BENCH_RATE_LIMIT, enrollRateLimitPerMinute: BENCH_RATE_LIMIT });
    const county = await buildApp(config, { database: handle });
    closers.unshift(() => county.close());
    const countyUrl = await county.listen({ host: '127.0.0.1', port: 0 });
    const importStarted = performance.now();
    await importDemo(handle.db, data.demoDir);
    const countyImportSeconds = (performance.now() - importStarted) / 1000;
    log(`  imported in ${countyImportSeconds.toFixed(1)} s`);
    const countyWire = countWire(county.server);
    const enrolled = await enrollDevice(handle.db, countyUrl, data.villageCode, 'first-sync-bench');

    log('PouchDB: loading the same rows…');
    const pouch = await startPouchServer(join(work, 'pouch'), data.chunksDir, data.chunkCount, log);
    closers.unshift(() => pouch.close());

    const site = express();
    site.use('/chunks', express.static(data.chunksDir));
    site.use(express.static(pageDir));
    const siteServer = await listen(site);
    closers.unshift(async () => {
      siteServer.server.closeAllConnections();
      await new Promise<void>((done) => siteServer.server.close(() => done()));
    });

    // Each run gets a browser with a profile of its own: no run pays for another's data being cleaned up.
    let runs = 0;
    const inFreshBrowser = async <T>(phase: 'ours' | 'pouch' | 'raw', config: unknown): Promise<T> => {
      const profile = join(work, `profile-${runs++}`);
      const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      try {
        const page = await context.newPage();
        page.on('console', (message) => {
          if (!message.text().startsWith('Failed to load resource')) log(`  [page] ${message.text()}`);
        });
        await page.goto(`${siteServer.url}index.html`);
        await page.waitForFunction(() => 'syncBench' in window, undefined, { timeout: 60_000 });
        return await inPage<T>(page, phase, config);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    };

    // Raw runs before and after ours and the faster counts: on a shared machine the ceiling is the best seen.
    log('raw IndexedDB writes (1 of 2)…');
    const rawRuns = [await inFreshBrowser<RawResult>('raw', { chunkCount: data.chunkCount })];

    log('ours: pull worker from the county server…');
    let before = countyWire.read();
    const ours = await inFreshBrowser<OursResult>('ours', { countyUrl, token: enrolled.token, villageCode: data.villageCode, limit: SYNC_LIMITS.maxPullLimit });
    const oursWire = wireSince(countyWire, before);
    if (ours.disbursementsStored !== data.rows) throw new Error(`our pull stored ${ours.disbursementsStored} disbursements, expected ${data.rows}`);

    log('raw IndexedDB writes (2 of 2)…');
    rawRuns.push(await inFreshBrowser<RawResult>('raw', { chunkCount: data.chunkCount }));
    const raw = rawRuns.reduce((best, run) => (run.writeMs < best.writeMs ? run : best));

    log(`PouchDB replication (budget ${Math.round(options.pouchBudgetMs / 60_000)} min)…`);
    before = pouch.wire.read();
    const pouched = await inFreshBrowser<PouchResult>('pouch', { dbUrl: pouch.dbUrl, budgetMs: options.pouchBudgetMs, batchSize: POUCH_BATCH_SIZE });
    const pouchWire = wireSince(pouch.wire, before);

    const oursSeconds = ours.ms / 1000;
    const pouchSeconds = pouched.ms / 1000;
    const rawSeconds = raw.writeMs / 1000;
    const oursRate = ours.disbursementsStored / oursSeconds;
    const pouchRate = pouched.docsStored / pouchSeconds;
    const rawRate = raw.rows / rawSeconds;
    return {
      rows: data.rows,
      newestYear: data.lastYear,
      countyImportSeconds,
      ours: { ...ours, seconds: oursSeconds, rowsPerSecond: oursRate, wire: oursWire },
      pouch: { ...pouched, seconds: pouchSeconds, rowsPerSecond: pouchRate, wire: pouchWire, budgetMs: options.pouchBudgetMs, batchSize: POUCH_BATCH_SIZE },
      raw: { ...raw, seconds: rawSeconds, rowsPerSecond: rawRate, rawRunsMs: rawRuns.map((r) => Math.round(r.writeMs)) },
      ratios: { oursOverPouch: oursRate / pouchRate, oursOverRaw: oursRate / rawRate },
    };
  } finally {
    for (const close of closers) await close().catch((error: unknown) => log(`  close failed: ${String(error)}`));
    rmSync(work, { recursive: true, force: true });
  }
}
