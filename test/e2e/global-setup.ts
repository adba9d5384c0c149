import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDashboard } from '../../scripts/lib/buildDashboard';
import { buildRenderer } from '../../scripts/lib/buildRenderer';
import { startPreviewServer } from '../../scripts/lib/previewServer';
import { writeDemoData } from '../../scripts/lib/writeDemoData';
import { E2E_DEMO } from './support/demoSettings';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the kiosk served in web mode, ending in "/". */
    kioskUrl: string;
    /** Folder holding this run's demo data (the files the kiosk loaded). */
    e2eDemoDir: string;
    /** Folder holding this run's renderer build, for tests that serve it with other data. */
    e2eRendererDir: string;
    /** This run's county dashboard build (server config `dashboardDir`). */
    e2eDashboardDir: string;
  }
}

const repoRoot = resolve(__dirname, '../..');
const resultsDir = join(repoRoot, 'test-results');
const RUN_PREFIX = 'e2e-run-';
/** A run folder older than this was left by a run that was killed before its teardown. */
const STALE_RUN_MS = 6 * 60 * 60 * 1000;

/**
 * Builds the renderer once per run, writes a small deterministic demo county and serves both.
 * Each run gets its own folder, so two runs at once (or a developer's dist/renderer) never overwrite each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await mkdir(resultsDir, { recursive: true });
  await removeStaleRuns();
  const runDir = await mkdtemp(join(resultsDir, RUN_PREFIX));
  const rendererDir = join(runDir, 'renderer');
  const demoDir = join(runDir, 'demo');
  const dashboardDir = join(runDir, 'dashboard');

  const started = Date.now();
  await Promise.all([
    buildRenderer({ repoRoot, outDir: rendererDir, quiet: true }),
    writeDemoData({ ...E2E_DEMO, outDir: demoDir }),
  ]);
  // After the renderer: two Vite builds at once only compete for the same two cores.
  await buildDashboard({ repoRoot, outDir: dashboardDir, quiet: true });
  const server = await startPreviewServer({ port: 0, rendererDir, demoDir });
  console.log(`[e2e] kiosk at ${server.url} (built and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  project.provide('kioskUrl', server.url);
  project.provide('e2eDemoDir', demoDir);
  project.provide('e2eRendererDir', rendererDir);
  project.provide('e2eDashboardDir', dashboardDir);

  return async () => {
    await server.close();
    await rm(runDir, { recursive: true, force: true });
  };
}

async function removeStaleRuns(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(resultsDir)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const path = join(resultsDir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_RUN_MS) await rm(path, { recursive: true, force: true });
  }
}
