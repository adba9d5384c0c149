import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_DEMO_DATA,
  ELECTRON_DOWNLOAD_TIMEOUT_MS,
  describeInstallFailure,
  locateElectronBinary,
  missingDisplayReason,
  planLaunch,
  webModeNotice,
  type LaunchPlan,
} from '../electron/logic/launchPlan';
import { DEMO_COUNTY_ADMIN, startLocalCounty, type LocalCounty } from './lib/localCounty';
import { startPreviewServer } from './lib/previewServer';
import { writeDemoData } from './lib/writeDemoData';
import { readStationVillage, writeKioskProvisioning } from './lib/kioskProvisioning';

/**
 * `npm start`: demo data (generated once), a full build, a local county server (SQLite, the demo
 * data published to it), then the kiosk — in Electron, or in web mode when Electron's binary cannot
 * be had on this machine — provisioned to enrol with that county and sync from it. Decisions live
 * in electron/logic/launchPlan.
 */
const repoRoot = resolve(__dirname, '..');
const demoRoot = resolve(repoRoot, '.demo-data');
const demoDir = resolve(demoRoot, 'default');
/** What the kiosk is served beside it: the demo agents and the provisioning file, no county files (they come by sync). */
const kioskDir = resolve(demoRoot, 'kiosk');
const countyDir = resolve(demoRoot, 'county');
const electronPackageDir = resolve(repoRoot, 'node_modules', 'electron');

async function main(): Promise<void> {
  if (!existsSync(resolve(demoDir, 'manifest.json'))) {
    console.log(`Generating demo data in ${demoDir} (${DEFAULT_DEMO_DATA.households} households, ${DEFAULT_DEMO_DATA.years} years)…`);
    await writeDemoData({ ...DEFAULT_DEMO_DATA, outDir: demoDir });
  }
  runBuild();
  const county = await startCounty();
  const plan = choosePlan();
  if (plan.mode === 'electron') runElectron(plan, county);
  else await serveWebMode(plan, county);
}

async function startCounty(): Promise<LocalCounty> {
  const villageCode = await readStationVillage(demoDir);
  const county = await startLocalCounty({ dataDir: countyDir, demoDir, villageCode, demoAdmin: true });
  await writeKioskProvisioning(demoDir, kioskDir, { countyUrl: county.url, code: county.enrollCode, deviceName: `${villageCode} 服务站` });
  console.log(`County server (SQLite in ${countyDir}) at ${county.url}; the kiosk enrols for village ${villageCode} and syncs from it.`);
  console.log(`County dashboard: ${county.url}/dashboard/ (demo account ${DEMO_COUNTY_ADMIN.name} / ${DEMO_COUNTY_ADMIN.password})`);
  return county;
}

function runBuild(): void {
  runNpmScript('build');
  runNpmScript('build:dashboard');
}

function runNpmScript(script: string): void {
  // Through the npm that runs this script when there is one (on Windows `npm` is a .cmd file,
  // which Node only spawns through a shell).
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && /\.[cm]?js$/.test(npmCli)
      ? spawnSync(process.execPath, [npmCli, 'run', script], { cwd: repoRoot, stdio: 'inherit' })
      : spawnSync('npm', ['run', script], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    throw new Error(`npm run ${script} failed (${result.error?.message ?? `exit code ${result.status ?? result.signal}`})`);
  }
}

function choosePlan(): LaunchPlan {
  const probe = {
    readText: (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : null),
    exists: existsSync,
  };
  let unavailableReason = missingDisplayReason({ platform: process.platform, env: process.env });
  let binary: string | null = null;
  if (unavailableReason === null) {
    binary = locateElectronBinary(electronPackageDir, process.env, probe);
    if (binary === null) {
      console.log(`Electron's binary is not installed; trying to download it (up to ${ELECTRON_DOWNLOAD_TIMEOUT_MS / 1000} s)…`);
      const attempt = tryInstallElectron();
      binary = locateElectronBinary(electronPackageDir, process.env, probe);
      if (binary === null) unavailableReason = describeInstallFailure(attempt);
    }
  }
  return planLaunch({ electronBinary: binary, unavailableReason, appDir: repoRoot, demoDir: kioskDir, env: process.env });
}

function tryInstallElectron(): { status: number | null; signal: string | null; errorCode: string | null } {
  const installer = resolve(electronPackageDir, 'install.js');
  // Output is dropped: a failed download prints a stack trace, and the fallback line says it all.
  const result: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, [installer], {
    cwd: electronPackageDir,
    stdio: 'ignore',
    timeout: ELECTRON_DOWNLOAD_TIMEOUT_MS,
  });
  const errorCode = (result.error as NodeJS.ErrnoException | undefined)?.code ?? null;
  return { status: result.status, signal: result.signal, errorCode };
}

function runElectron(plan: Extract<LaunchPlan, { mode: 'electron' }>, county: LocalCounty): void {
  const child = spawn(plan.command, plan.args, { cwd: repoRoot, env: plan.env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (error) => {
    console.error(`start: could not run Electron (${error.message})`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    const exitCode = code ?? (signal ? 1 : 0);
    county.close().then(
      () => process.exit(exitCode),
      () => process.exit(exitCode),
    );
  });
}

async function serveWebMode(plan: Extract<LaunchPlan, { mode: 'web' }>, county: LocalCounty): Promise<void> {
  const rendererDir = resolve(repoRoot, 'dist', 'renderer');
  const options = { host: plan.host, rendererDir, demoDir: kioskDir, countyOrigin: new URL(county.url).origin };
  let server;
  try {
    server = await startPreviewServer({ ...options, port: plan.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    // Another preview already holds the usual port; any free one will do for an interactive start.
    server = await startPreviewServer({ ...options, port: 0 });
  }
  console.log(webModeNotice(plan.reason, server.url));
  const running = server;
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    Promise.all([running.close(), county.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
