/**
 * `npm run bench -- --only sync`: first sync (ours vs PouchDB vs raw IndexedDB), one kiosk's push,
 * and county ingest from many devices on SQLite and PostgreSQL. Prints a table and writes
 * test-results/bench-sync.json.
 *
 *   --rows N               disbursement rows of the first sync (default 1,000,000; develop with 50,000)
 *   --pouch-budget-min M   stop PouchDB's replication after M minutes (default POUCH_BUDGET_MIN)
 *   --push-events N        events one kiosk pushes (default 10,000)
 *   --devices N            simulated devices for ingest (default 200)
 *   --parts a,b            any of firstSync, push, ingest (default all)
 *   --fresh-data           regenerate the first-sync data instead of reusing the cached set
 * PostgreSQL ingest runs when DATABASE_URL (or TEST_DATABASE_URL) names a server; a fresh database is made and dropped.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { postgresBenchDatabase, sqliteBenchDatabase, type BenchDatabase } from './benchDatabase';
import { prepareSyncBenchData } from './benchData';
import { runFirstSyncBench, type FirstSyncResult } from './firstSyncBench';
import { runIngestBench, type IngestOptions, type IngestResult } from './ingestBench';
import { runPushBench, type PushBenchResult } from './pushBench';
import { printSyncReport } from './report';

const root = resolve(__dirname, '../../..');
export const POUCH_BUDGET_MIN = 10;
const PARTS = ['firstSync', 'push', 'ingest'] as const;
type Part = (typeof PARTS)[number];
const INGEST: Omit<IngestOptions, 'devices'> = { eventsPerDevice: 250, entriesPerRequest: 25 };

export interface SyncBenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  firstSync?: FirstSyncResult;
  push?: PushBenchResult;
  ingest?: IngestResult[];
  notes: string[];
}

function numberOption(argv: readonly string[], name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

function partsOption(argv: readonly string[]): Part[] {
  const index = argv.indexOf('--parts');
  if (index === -1) return [...PARTS];
  const parts = (argv[index + 1] ?? '').split(',');
  const unknown = parts.find((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown !== undefined) throw new Error(`--parts takes ${PARTS.join(', ')}; got ${unknown}`);
  return parts as Part[];
}

export async function runSyncBench(argv: readonly string[]): Promise<void> {
  const rows = Math.round(numberOption(argv, 'rows', 1_000_000));
  const pouchBudgetMs = numberOption(argv, 'pouch-budget-min', POUCH_BUDGET_MIN) * 60_000;
  const pushEvents = Math.round(numberOption(argv, 'push-events', 10_000));
  const devices = Math.round(numberOption(argv, 'devices', 200));
  const parts = partsOption(argv);
  const log = (line: string): void => console.log(line);
  const cacheDir = join(root, '.cache/bench');
  mkdirSync(cacheDir, { recursive: true });

  const result: SyncBenchResult = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    notes: [],
  };

  const save = (): void => {
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results/bench-sync.json'), JSON.stringify(result, null, 2));
  };
  // A part that fails is noted and the rest still run: a long first sync is not thrown away by a later error.
  let failed = false;
  const attempt = async (part: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      failed = true;
      result.notes.push(`${part} failed: ${error instanceof Error ? error.message : String(error)}`);
      log(`${part} FAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    save();
  };

  if (parts.includes('firstSync')) await attempt('firstSync', async () => {
    if (argv.includes('--fresh-data')) rmSync(join(cacheDir, `sync-data-${rows}`), { recursive: true, force: true });
    const data = await prepareSyncBenchData(cacheDir, rows, log);
    result.firstSync = await runFirstSyncBench(data, cacheDir, { pouchBudgetMs }, log);
    if (result.firstSync.pouch.timedOut) result.notes.push(`PouchDB stopped at its ${pouchBudgetMs / 60_000} min budget after ${result.firstSync.pouch.docsStored} of ${rows} docs; its rate is over what it did.`);
  });
  if (parts.includes('push')) await attempt('push', async () => {
    result.push = await runPushBench(pushEvents, log);
  });
  if (parts.includes('ingest')) {
    const ingest: IngestResult[] = [];
    result.ingest = ingest;
    const targets: Array<() => Promise<BenchDatabase>> = [async () => sqliteBenchDatabase()];
    const pgUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || '';
    if (pgUrl !== '') targets.push(() => postgresBenchDatabase(pgUrl));
    else result.notes.push('PostgreSQL ingest skipped: set DATABASE_URL to a PostgreSQL server (a fresh database is created and dropped).');
    for (const open of targets) {
      await attempt('ingest', async () => {
        const database = await open();
        try {
          ingest.push(await runIngestBench(database, { devices, ...INGEST }, log));
        } finally {
          await database.drop();
        }
      });
    }
  }

  save();
  printSyncReport(result, log);
  log('written to test-results/bench-sync.json');
  if (failed) process.exitCode = 1;
}
