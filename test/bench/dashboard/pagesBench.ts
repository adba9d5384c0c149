/**
 * `npx tsx test/bench/dashboard/pagesBench.ts [--cases 1000000] [--villages 300] [--samples 30] [--db FILE]`:
 * seeds a SQLite county (villages, kiosks, N cases as stored events plus their projection,
 * feedback), starts the real server on 127.0.0.1, signs a viewer in and times each dashboard page
 * over HTTP. Prints p50/p95/max per page as markdown and writes test-results/bench-dashboard-pages.json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DASHBOARD_API_PREFIX } from '../../../shared/dashboard/staff';
import { buildApp } from '../../../server/src/app';
import { serverConfigSchema } from '../../../server/src/config';
import { openDatabase } from '../../../server/src/db/connection';
import { migrateToLatest } from '../../../server/src/db/migrate';
import { encodeCursor } from '../../../server/src/dashboard/queries/keysetCursor';
import { rebuildCaseSummaries } from '../../../server/src/projections/rebuild';
import { createStaffUser } from '../../../server/src/services/staffAccounts';
import { percentiles, type LatencySummary } from '../percentiles';
import { seedCounty } from './seedCounty';

function textOption(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

export interface PagesBenchOptions {
  cases: number;
  villages: number;
  feedback: number;
  /** Timed requests per page (after one warm-up each). */
  samples: number;
  /** Where the JSON goes; default test-results/bench-dashboard-pages.json. */
  outFile?: string;
  /**
   * Keep the seeded county in this SQLite file, and reuse it when it exists (seeding 1M cases
   * takes minutes). Without it the county lives in a temp folder removed afterwards.
   */
  dbFile?: string;
}

export interface PageTiming extends LatencySummary {
  page: string;
  /** Rows (or villages) the last answer held: a page that answers nothing is not a fast page. */
  rows: number;
}

export interface PagesBenchResult {
  cases: number;
  villages: number;
  feedback: number;
  /** Seconds spent seeding (near zero when an existing --db file was reused). */
  seedSeconds: number;
  reusedDatabase: boolean;
  budgetMs: number;
  pages: PageTiming[];
}

const BUDGET_MS = 300;
const PASSWORD = 'bench password 123';
const root = resolve(__dirname, '../../..');

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length] as T;
}

export async function runPagesBench(options: PagesBenchOptions): Promise<PagesBenchResult> {
  const dir = options.dbFile === undefined ? mkdtempSync(join(tmpdir(), 'bench-dashboard-')) : null;
  const file = options.dbFile ?? join(dir as string, 'county.sqlite');
  const reuse = options.dbFile !== undefined && existsSync(options.dbFile);
  const now = new Date();
  try {
    const seedStart = performance.now();
    if (!reuse) {
      const handle = openDatabase({ kind: 'sqlite', file });
      await migrateToLatest(handle);
      await handle.close();
      seedCounty({ file, villages: options.villages, cases: options.cases, feedback: options.feedback, now, spanDays: 3 * 365 });
    }

    const config = serverConfigSchema.parse({ database: { kind: 'sqlite', file }, logLevel: 'silent', port: 0, rateLimitPerMinute: 1_000_000 });
    const app = await buildApp(config);
    const db = openDatabase({ kind: 'sqlite', file });
    if (!reuse) await rebuildCaseSummaries(db.db);
    const villageCodes = (await db.db.selectFrom('villages').select('code').orderBy('code').execute()).map((row) => row.code);
    const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
    if (!reuse) await createStaffUser(db.db, { name: 'bench-viewer', role: 'viewer', password: PASSWORD });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const login = await fetch(`${base}${DASHBOARD_API_PREFIX}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench-viewer', password: PASSWORD }) });
      if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

      // Inputs drawn from the seeded data: case ids to open, a deep keyset position (the middle of the list).
      const sampleCases = await db.db.selectFrom('cases').select('id').where('id', '>', '0').orderBy('id').limit(options.samples + 1).offset(Math.floor(options.cases / 3)).execute();
      const deep = await db.db.selectFrom('cases').select(['received_at', 'id']).orderBy('received_at', 'desc').orderBy('id', 'desc').limit(1).offset(Math.floor(options.cases / 2)).executeTakeFirst();
      const deepCursor = deep === undefined ? undefined : encodeCursor({ at: deep.received_at, id: deep.id });
      const year = now.getUTCFullYear();
      const months = Array.from({ length: 12 }, (_, i) => `${year - 1}-${String(i + 1).padStart(2, '0')}`);

      const pages: Array<[string, (n: number) => string]> = [
        ['overview', () => '/overview'],
        ['villages', () => '/villages'],
        ['cases: first page', () => '/cases'],
        ['cases: by village', (n) => `/cases?village=${pick(villageCodes, n * 7)}`],
        ['cases: by state (awaitingMaterials)', () => '/cases?state=awaitingMaterials'],
        ['cases: by state (completed)', () => '/cases?state=completed'],
        ['cases: overdue', () => '/cases?overdue=true'],
        ['cases: receipt month', (n) => `/cases?from=${pick(months, n)}-01&to=${pick(months, n)}-28`],
        ['cases: village + state + overdue', (n) => `/cases?village=${pick(villageCodes, n * 11)}&state=submitted&overdue=true`],
        ['cases: deep page (cursor)', () => `/cases${deepCursor === undefined ? '' : `?cursor=${deepCursor}`}`],
        ['case detail', (n) => `/cases/${pick(sampleCases, n)?.id ?? 'none'}`],
        ['feedback: open queue', () => '/feedback'],
        ['feedback: answered', () => '/feedback?state=answered'],
        ['feedback: by village', (n) => `/feedback?village=${pick(villageCodes, n * 13)}&state=answered`],
      ];
      const timings: PageTiming[] = [];
      for (const [page, path] of pages) {
        const samples: number[] = [];
        let rows = 0;
        for (let n = -1; n < options.samples; n++) {
          const started = performance.now();
          const response = await fetch(`${base}${DASHBOARD_API_PREFIX}${path(Math.max(n, 0))}`, { headers: { cookie } });
          const body = (await response.json()) as { rows?: unknown[]; villages?: unknown[]; timeline?: unknown[] };
          const elapsed = performance.now() - started;
          if (response.status !== 200) throw new Error(`${page}: ${response.status} ${JSON.stringify(body)}`);
          rows = body.rows?.length ?? body.villages?.length ?? body.timeline?.length ?? 0;
          if (n >= 0) samples.push(elapsed);
        }
        timings.push({ page, rows, ...percentiles(samples) });
      }
      const result: PagesBenchResult = { cases: options.cases, villages: options.villages, feedback: options.feedback, seedSeconds, reusedDatabase: reuse, budgetMs: BUDGET_MS, pages: timings };
      const outFile = options.outFile ?? join(root, 'test-results/bench-dashboard-pages.json');
      mkdirSync(resolve(outFile, '..'), { recursive: true });
      writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
      return result;
    } finally {
      await app.close();
      await db.close();
    }
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}

export function pagesBenchMarkdown(result: PagesBenchResult): string {
  const lines = [
    `Dashboard pages, SQLite: ${result.villages} villages, ${result.cases.toLocaleString('en')} cases, ${result.feedback.toLocaleString('en')} tickets (${result.reusedDatabase ? 'reused database' : `seeded in ${result.seedSeconds} s`}); budget ${result.budgetMs} ms`,
    '',
    '| page | rows | p50 ms | p95 ms | max ms |',
    '|---|---:|---:|---:|---:|',
    ...result.pages.map((p) => `| ${p.page} | ${p.rows} | ${p.p50} | ${p.p95} | ${p.max}${p.max > result.budgetMs ? ' ⚠' : ''} |`),
  ];
  return lines.join('\n');
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(__filename)) {
  const cases = option('cases', 1_000_000);
  runPagesBench({ cases, villages: option('villages', 300), feedback: option('feedback', Math.max(100, Math.floor(cases / 50))), samples: option('samples', 30), dbFile: textOption('db') })
    .then((result) => {
      console.log(pagesBenchMarkdown(result));
      const over = result.pages.filter((p) => p.p95 > result.budgetMs);
      if (over.length > 0) {
        console.error(`over budget (p95 > ${result.budgetMs} ms): ${over.map((p) => p.page).join(', ')}`);
        process.exitCode = 1;
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
