import nodePath from 'node:path';

/**
 * How `npm start` runs the kiosk: in Electron when its binary is on this machine, else in web mode
 * (the same built renderer served on 127.0.0.1, opened in any browser). The effects (probing files,
 * downloading, spawning) live in scripts/start.ts; the decisions and the words live here.
 */

export const DEFAULT_DEMO_DATA = { households: 400, years: 10, seed: 2016 } as const;
export const WEB_MODE_HOST = '127.0.0.1';
export const WEB_MODE_PORT = 4173;
export const ELECTRON_DOWNLOAD_TIMEOUT_MS = 60_000;

export interface ElectronProbe {
  /** Contents of a text file, or null when it does not exist. */
  readText(path: string): string | null;
  exists(path: string): boolean;
}

/**
 * Finds the Electron executable the way node_modules/electron/index.js does, without requiring
 * that module (which starts a download when the binary is missing): path.txt names the executable
 * inside the package's dist/ folder, or inside ELECTRON_OVERRIDE_DIST_PATH when that is set.
 */
export function locateElectronBinary(
  electronPackageDir: string,
  env: Readonly<Record<string, string | undefined>>,
  probe: ElectronProbe,
  path: Pick<typeof nodePath, 'join'> = nodePath,
): string | null {
  const executable = probe.readText(path.join(electronPackageDir, 'path.txt'))?.trim() || null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  let candidate: string | null = null;
  if (override) candidate = path.join(override, executable ?? 'electron');
  else if (executable) candidate = path.join(electronPackageDir, 'dist', executable);
  return candidate !== null && probe.exists(candidate) ? candidate : null;
}

/** What the one-off `node node_modules/electron/install.js` attempt came to (from spawnSync). */
export interface InstallAttempt {
  status: number | null;
  signal: string | null;
  /** spawnSync's error: ETIMEDOUT when the timeout killed it, ENOENT when node could not run. */
  errorCode: string | null;
}

export function describeInstallFailure(attempt: InstallAttempt, timeoutMs: number = ELECTRON_DOWNLOAD_TIMEOUT_MS): string {
  if (attempt.errorCode === 'ETIMEDOUT') return `its download did not finish within ${Math.round(timeoutMs / 1000)} s`;
  if (attempt.errorCode) return `its installer could not run (${attempt.errorCode})`;
  if (attempt.signal) return `its installer was stopped (${attempt.signal})`;
  return 'its binary could not be downloaded';
}

export interface LaunchEnvironment {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Electron on Linux needs a display server; on a headless machine (CI, SSH, a container) it would
 * only die with a GTK error, so web mode is chosen up front, without waiting for a download.
 */
export function missingDisplayReason(environment: LaunchEnvironment): string | null {
  if (environment.platform !== 'linux') return null;
  if (environment.env.DISPLAY?.trim() || environment.env.WAYLAND_DISPLAY?.trim()) return null;
  return 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
}

export type LaunchPlan =
  | { mode: 'electron'; command: string; args: string[]; env: Record<string, string | undefined> }
  | { mode: 'web'; reason: string; host: string; port: number };

export interface LaunchPlanInput {
  /** From locateElectronBinary (after at most one install attempt); null if still missing. */
  electronBinary: string | null;
  /** Why there is no binary (describeInstallFailure), or why it must not be used (missingDisplayReason). */
  unavailableReason: string | null;
  /** The project folder: `electron <appDir>` runs package.json's main (dist/electron/main.cjs). */
  appDir: string;
  demoDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function planLaunch(input: LaunchPlanInput): LaunchPlan {
  if (input.electronBinary === null || input.unavailableReason !== null) {
    return {
      mode: 'web',
      reason: input.unavailableReason ?? 'its binary could not be downloaded',
      host: WEB_MODE_HOST,
      port: WEB_MODE_PORT,
    };
  }
  // Inherited from a parent tool, ELECTRON_RUN_AS_NODE would make the binary a plain Node.
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...env } = input.env;
  return {
    mode: 'electron',
    command: input.electronBinary,
    // The app folder rather than main.cjs itself: Electron then takes the app's name and version
    // from package.json (a bare script would report Electron's own version).
    args: [input.appDir, `--demo-data=${input.demoDir}`],
    env,
  };
}

/** The one line `npm start` prints when it falls back to web mode. */
export function webModeNotice(reason: string, url: string): string {
  return `Electron is not available on this machine (${reason}); serving the same kiosk in web mode at ${url}`;
}
