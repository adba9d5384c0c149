/**
 * `npm run bench`: stores 1,000,000 disbursement rows in Chromium's IndexedDB through the kiosk's own
 * importer, then measures household lookups (p50/p95/p99), time until the home and My subsidies screens
 * are interactive, and the stored size. Figures go to test-results/bench.json and the console;
 * docs/benchmarks.md records them with machine and date.
 *
 * Without --only it then runs the county sync bench (test/bench/sync/runSyncBench.ts) and the county
 * dashboard's (test/bench/dashboard/runDashboardBench.ts); `--only lookup|sync|dashboard` runs one.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { build } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { writeDemoData } from '../../scripts/lib/writeDemoData';
import { startPreviewServer } from '../../scripts/lib/previewServer';
import { percentiles } from './percentiles';

const root = resolve(__dirname, '../..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const IMPORT_TIMEOUT_MS = 60 * 60_000;
const SCREEN_RUNS = 7;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} needs a positive whole number`);
    process.exit(2);
  }
  return value;
}

const households = option('households', 19_500);
const years = option('years', 10);
const samples = option('samples', 300);
const reuseData = process.argv.includes('--reuse-data');

async function buildSite(siteDir: string): Promise<void> {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  rmSync(siteDir, { recursive: true, force: true });
  cpSync(join(root, 'dist/renderer'), siteDir, { recursive: true });
  // The bench page is served from the app's origin so it reads the database the app imported.
  await build({ configFile: false, logLevel: 'warn', root: join(root, 'test/bench/page'), base: './', build: { outDir: join(siteDir, 'bench'), emptyOutDir: true, target: 'chrome120', modulePreload: { polyfill: false } } });
}

async function timeScreen(context: BrowserContext, url: string, readySelector: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction((selector) => document.documentElement.dataset.ready === 'true' && document.querySelector(selector) !== null, readySelector, { polling: 'raf', timeout: 60_000 });
  const ms = await page.evaluate(() => performance.now());
  await page.close();
  return ms;
}

/**
 * The lookup as a resident meets it: from the tap on the last digit of a household number until the
 * result list is in the page and a frame has been drawn.
 */
async function timeScreenLookups(context: BrowserContext, url: string, householdNumbers: readonly string[]): Promise<number[]> {
  const page = await context.newPage();
  await page.goto(`${url}#/subsidies`);
  await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
  const timings: number[] = [];
  for (const number of householdNumbers) {
    await page.getByTestId('mode-name').click();
    await page.getByTestId('mode-number').click();
    for (const digit of number.slice(0, -1)) await page.locator(`[data-key="${digit}"]`).click();
    await page.evaluate(() => {
      const w = window as unknown as { lookupMs?: Promise<number> };
      w.lookupMs = new Promise<number>((resolve) => {
        let tappedAt = 0;
        document.addEventListener('click', () => (tappedAt = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (tappedAt === 0 || !document.querySelector('[data-testid="household-results"] li, [data-testid="no-results"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - tappedAt));
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    });
    await page.locator(`[data-key="${number.at(-1)}"]`).click();
    timings.push(await page.evaluate(() => (window as unknown as { lookupMs: Promise<number> }).lookupMs));
  }
  await page.close();
  return timings;
}

async function waitForImport(page: Page): Promise<void> {
  const started = Date.now();
  for (;;) {
    const state = await page.evaluate(() => ({ ready: document.documentElement.dataset.ready, banner: document.querySelector('[data-testid="data-banner"]')?.textContent ?? '' }));
    if (state.ready === 'true') {
      if (state.banner.trim()) throw new Error(`import did not finish cleanly: ${state.banner.trim()}`);
      return;
    }
    if (Date.now() - started > IMPORT_TIMEOUT_MS) throw new Error('import timed out');
    console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${state.banner.trim() || 'starting'}`);
    await page.waitForTimeout(10_000);
  }
}

async function main(): Promise<void> {
  const cacheDir = join(root, '.cache/bench');
  const dataDir = join(cacheDir, `data-${households}x${years}`);
  const siteDir = join(cacheDir, 'site');
  const profileDir = join(cacheDir, 'profile');
  mkdirSync(cacheDir, { recursive: true });

  console.log('building the kiosk and the bench page…');
  await buildSite(siteDir);

  if (!reuseData || !existsSync(join(dataDir, 'manifest.json'))) {
    console.log(`generating ${households} households × ${years} years (one township)…`);
    rmSync(dataDir, { recursive: true, force: true });
    const started = Date.now();
    await writeDemoData({ households, years, seed: 1, outDir: dataDir, townships: 1, scope: 'township' });
    console.log(`  generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const server = await startPreviewServer({ port: 0, rendererDir: siteDir, demoDir: dataDir });
  rmSync(profileDir, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  try {
    console.log('importing into Chromium IndexedDB through the kiosk…');
    const page = await context.newPage();
    const importStart = Date.now();
    await page.goto(server.url);
    await waitForImport(page);
    const importSeconds = (Date.now() - importStart) / 1000;
    const estimate = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await page.close();
    const diskBytes = Number(execFileSync('du', ['-sb', profileDir]).toString().split('\t')[0]);

    const home: number[] = [];
    const subsidies: number[] = [];
    for (let i = 0; i < SCREEN_RUNS; i++) {
      home.push(await timeScreen(context, `${server.url}#/`, '[data-testid="tile-subsidies"]'));
      subsidies.push(await timeScreen(context, `${server.url}#/subsidies`, '[data-testid="keypad-letters"]'));
    }

    const benchPage = await context.newPage();
    await benchPage.goto(`${server.url}bench/index.html?samples=${samples}`);
    await benchPage.waitForFunction(() => (window as { benchResult?: unknown }).benchResult !== undefined, undefined, { timeout: 600_000, polling: 500 });
    const lookups = (await benchPage.evaluate(() => (window as { benchResult?: unknown }).benchResult)) as { ok: boolean; sampleHouseholdNumbers?: string[]; error?: string };
    if (!lookups.ok || !lookups.sampleHouseholdNumbers) throw new Error(`bench page failed: ${lookups.error ?? 'no result'}`);
    const { sampleHouseholdNumbers, ...queryLookups } = lookups;
    const screenLookupMs = percentiles(await timeScreenLookups(context, server.url, sampleHouseholdNumbers));

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, chromium: context.browser()?.version() ?? 'persistent context' },
      households,
      years,
      importSeconds,
      storedBytes: { estimate, profileOnDisk: diskBytes },
      homeInteractiveMs: percentiles(home),
      subsidiesInteractiveMs: percentiles(subsidies),
      screenLookupMs,
      lookups: queryLookups,
    };
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results/bench.json'), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await context.close();
    await server.close();
  }
}

function onlyOption(): string | null {
  const index = process.argv.indexOf('--only');
  return index === -1 ? null : process.argv[index + 1] ?? '';
}

const only = onlyOption();
if (only !== null && only !== 'sync' && only !== 'lookup' && only !== 'dashboard') {
  console.error('--only takes sync, lookup or dashboard');
  process.exit(2);
}
// The sync bench (first sync, push, ingest) has its own options; see test/bench/sync/runSyncBench.ts.
// Loaded only when asked for: it brings the county server, PouchDB and Express with it.
const runSync = async (): Promise<void> => (await import('./sync/runSyncBench')).runSyncBench(process.argv.slice(2));
const runDashboard = async (): Promise<void> => (await import('./dashboard/runDashboardBench')).runDashboardBench();
const runAll = async (): Promise<void> => {
  await main();
  await runSync();
  await runDashboard();
};
const selected = only === 'sync' ? runSync : only === 'dashboard' ? runDashboard : only === 'lookup' ? main : runAll;

selected().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
