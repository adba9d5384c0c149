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
import { startPreviewServer } from './lib/previewServer';
import { writeDemoData } from './lib/writeDemoData';

/**
 * `npm start`: demo data (generated once), a full build, then the kiosk in Electron, or in web mode
 * when Electron's binary cannot be had on this machine. Decisions live in electron/logic/launchPlan.
 */
const repoRoot = resolve(__dirname, '..');
const demoDir = resolve(repoRoot, '.demo-data', 'default');
const electronPackageDir = resolve(repoRoot, 'node_modules', 'electron');

async function main(): Promise<void> {
  if (!existsSync(resolve(demoDir, 'manifest.json'))) {
    console.log(`Generating demo data in ${demoDir} (${DEFAULT_DEMO_DATA.households} households, ${DEFAULT_DEMO_DATA.years} years)…`);
    await writeDemoData({ ...DEFAULT_DEMO_DATA, outDir: demoDir });
  }
  runBuild();
  const plan = choosePlan();
  if (plan.mode === 'electron') runElectron(plan);
  else await serveWebMode(plan);
}

function runBuild(): void {
  // Through the npm that runs this script when there is one (on Windows `npm` is a .cmd file,
  // which Node only spawns through a shell).
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && /\.[cm]?js$/.test(npmCli)
      ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: repoRoot, stdio: 'inherit' })
      : spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.error?.message ?? `exit code ${result.status ?? result.signal}`})`);
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
  return planLaunch({ electronBinary: binary, unavailableReason, appDir: repoRoot, demoDir, env: process.env });
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

function runElectron(plan: Extract<LaunchPlan, { mode: 'electron' }>): void {
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
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function serveWebMode(plan: Extract<LaunchPlan, { mode: 'web' }>): Promise<void> {
  const rendererDir = resolve(repoRoot, 'dist', 'renderer');
  let server;
  try {
    server = await startPreviewServer({ host: plan.host, port: plan.port, rendererDir, demoDir });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    // Another preview already holds the usual port; any free one will do for an interactive start.
    server = await startPreviewServer({ host: plan.host, port: 0, rendererDir, demoDir });
  }
  console.log(webModeNotice(plan.reason, server.url));
  const running = server;
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    running.close().then(
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
