import { spawn } from 'node:child_process';
import { chmod, copyFile, rename, rm } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { FORMATS_OF_PLATFORM, type UpdateFormat } from '../../../shared/updates/manifest';
import { SYSTEMD_UNIT_NAME } from '../autostart';

/**
 * How a verified installer replaces the running kiosk, as a plan (plain data, tested here) that
 * executeInstallerPlan carries out with injected process and file functions (child_process in
 * main, recorded in tests). The same plans serve going back: the installer is then the previous
 * version's kept one.
 */

/** Installed by the deb (build/linux/install-update.sh), run as root through pkexec and its polkit action. */
export const DEB_INSTALL_HELPER = '/usr/lib/village-kiosk/install-update';

/**
 * Exit code that asks systemd to start the kiosk again after an update: the user unit has
 * Restart=on-failure, so a clean exit would leave the station without a kiosk. 75 is EX_TEMPFAIL.
 */
export const EXIT_CODE_RESTART_FOR_UPDATE = 75;

export interface InstallerFacts {
  platform: string;
  format: UpdateFormat;
  /** The verified installer (absolute). */
  installerPath: string;
  /** process.resourcesPath: electron-builder puts elevate.exe there for per-machine NSIS installs. */
  resourcesPath: string;
  /** APPIMAGE and INVOCATION_ID (set by systemd for every unit it starts) from process.env. */
  env: { APPIMAGE?: string | undefined; INVOCATION_ID?: string | undefined };
  /**
   * /proc/self/cgroup on Linux. INVOCATION_ID alone can be inherited from a desktop shell that itself
   * runs as a systemd service; exiting for a restart then would leave the station without a kiosk.
   * When given, only the kiosk's own unit counts.
   */
  cgroup?: string | undefined;
}

/** How the app ends once the new files are in place. */
export type RestartPlan =
  | { kind: 'exit-for-service-restart'; exitCode: number }
  /** app.relaunch (execPath omitted: the same executable, replaced in place) then app.exit(0). */
  | { kind: 'relaunch'; execPath?: string };

export interface Command {
  command: string;
  args: string[];
}

export type InstallerPlan =
  /**
   * NSIS: the installer outlives the app (it must, to replace its files), so it is started detached
   * and the app quits; --force-run starts the new version after the silent install. Per-machine
   * installs write under Program Files and need an administrator: started by a standard user the
   * spawn fails with EACCES and electron-builder's elevate.exe asks UAC, which an unattended kiosk
   * only passes when its account is an administrator (the lead documents the station setup).
   */
  | { kind: 'start-detached-and-quit'; run: Command; elevated: Command }
  /** deb: pkexec runs the helper; the kiosk waits, and restarts only when it exited 0. */
  | { kind: 'run-then-restart'; run: Command; restart: RestartPlan }
  /** AppImage: the file is the app, swapped atomically (temp copy in the same folder, then rename). */
  | { kind: 'replace-file-then-restart'; source: string; temp: string; target: string; mode: number; restart: RestartPlan }
  | { kind: 'unsupported'; reason: string };

/** How this kiosk was installed: an AppImage says so through $APPIMAGE, its runtime sets it. */
export function installedFormat(platform: string, env: InstallerFacts['env']): UpdateFormat | null {
  if (platform === 'win32') return 'nsis';
  if (platform !== 'linux') return null;
  return env.APPIMAGE !== undefined && env.APPIMAGE !== '' ? 'appimage' : 'deb';
}

function underKioskUnit(facts: InstallerFacts): boolean {
  if (facts.env.INVOCATION_ID === undefined || facts.env.INVOCATION_ID === '') return false;
  return facts.cgroup === undefined || facts.cgroup.split('\n').some((line) => line.endsWith(`/${SYSTEMD_UNIT_NAME}`));
}

function restartPlan(facts: InstallerFacts, execPath?: string): RestartPlan {
  if (underKioskUnit(facts)) return { kind: 'exit-for-service-restart', exitCode: EXIT_CODE_RESTART_FOR_UPDATE };
  return execPath === undefined ? { kind: 'relaunch' } : { kind: 'relaunch', execPath };
}

export function planInstallerLaunch(facts: InstallerFacts): InstallerPlan {
  const allowed = (FORMATS_OF_PLATFORM as Record<string, readonly UpdateFormat[] | undefined>)[facts.platform] ?? [];
  if (!allowed.includes(facts.format)) return { kind: 'unsupported', reason: `a ${facts.format} installer cannot run on ${facts.platform}` };
  const path = facts.platform === 'win32' ? win32 : posix;
  if (!path.isAbsolute(facts.installerPath)) return { kind: 'unsupported', reason: `the installer path is not absolute: ${facts.installerPath}` };

  if (facts.format === 'nsis') {
    if (!facts.installerPath.toLowerCase().endsWith('.exe')) return { kind: 'unsupported', reason: 'an NSIS installer must be an .exe' };
    // --updated as electron-updater passes it: the installer waits for the app to exit instead of asking.
    const args = ['--updated', '/S', '--force-run'];
    return {
      kind: 'start-detached-and-quit',
      run: { command: facts.installerPath, args },
      elevated: { command: win32.join(facts.resourcesPath, 'elevate.exe'), args: [facts.installerPath, ...args] },
    };
  }
  if (facts.format === 'deb') {
    if (!facts.installerPath.endsWith('.deb')) return { kind: 'unsupported', reason: 'a deb update must be a .deb file' };
    return { kind: 'run-then-restart', run: { command: 'pkexec', args: [DEB_INSTALL_HELPER, facts.installerPath] }, restart: restartPlan(facts) };
  }
  const target = facts.env.APPIMAGE;
  // Never guess where the running AppImage is: a relative or missing path would replace the wrong file.
  if (target === undefined || !posix.isAbsolute(target)) return { kind: 'unsupported', reason: 'APPIMAGE is not set to an absolute path; the running AppImage is unknown' };
  return {
    kind: 'replace-file-then-restart',
    source: facts.installerPath,
    temp: posix.join(posix.dirname(target), `.${posix.basename(target)}.update`),
    target,
    mode: 0o755,
    // Relaunch the swapped file itself: process.execPath is inside the old image's mount, gone at exit.
    restart: restartPlan(facts, target),
  };
}

/** The process and file operations a plan needs; main passes nodeInstallerHost plus Electron's app. */
export interface InstallerHost {
  /** Resolves once the process started (detached, unref'd); rejects when it could not start. */
  startDetached(command: Command): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) and the end of its error output; rejects when it could not start. */
  runToExit(command: Command): Promise<{ code: number | null; stderr: string }>;
  copyFile(from: string, to: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** app.relaunch */
  relaunch(options: { execPath?: string }): void;
  /** app.exit */
  exit(code: number): void;
  /** app.quit: windows close normally, so the installer finds the app gone. */
  quit(): void;
}

export type InstallerOutcome = { kind: 'app-ending' } | { kind: 'failed'; reason: string };

export async function executeInstallerPlan(plan: InstallerPlan, host: InstallerHost): Promise<InstallerOutcome> {
  try {
    switch (plan.kind) {
      case 'unsupported':
        return { kind: 'failed', reason: plan.reason };
      case 'start-detached-and-quit':
        try {
          await host.startDetached(plan.run);
        } catch (error) {
          if (codeOf(error) !== 'EACCES') throw error;
          await host.startDetached(plan.elevated);
        }
        host.quit();
        return { kind: 'app-ending' };
      case 'run-then-restart': {
        const { code, stderr } = await host.runToExit(plan.run);
        if (code !== 0) {
          const said = stderr.trim() === '' ? '' : `: ${stderr.trim()}`;
          return { kind: 'failed', reason: `${plan.run.args[0] ?? plan.run.command} exited with ${code ?? 'a signal'}${said}` };
        }
        restart(plan.restart, host);
        return { kind: 'app-ending' };
      }
      case 'replace-file-then-restart':
        try {
          await host.copyFile(plan.source, plan.temp);
          await host.chmod(plan.temp, plan.mode);
          await host.rename(plan.temp, plan.target);
        } catch (error) {
          await host.remove(plan.temp).catch(() => undefined);
          throw error;
        }
        restart(plan.restart, host);
        return { kind: 'app-ending' };
    }
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

function restart(plan: RestartPlan, host: InstallerHost): void {
  if (plan.kind === 'exit-for-service-restart') {
    host.exit(plan.exitCode);
    return;
  }
  host.relaunch(plan.execPath === undefined ? {} : { execPath: plan.execPath });
  host.exit(0);
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

const STDERR_TAIL_CHARS = 2000;

/** child_process and node:fs behind InstallerHost; main adds app.relaunch, app.exit and app.quit. */
export const nodeInstallerProcesses: Pick<InstallerHost, 'startDetached' | 'runToExit' | 'copyFile' | 'chmod' | 'rename' | 'remove'> = {
  startDetached: (command) =>
    new Promise((resolve, reject) => {
      const child = spawn(command.command, command.args, { detached: true, stdio: 'ignore', windowsHide: true });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    }),
  runToExit: (command) =>
    new Promise((resolve, reject) => {
      const child = spawn(command.command, command.args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
      // The helper says why it refused on stderr; the tail is enough for the log (dpkg can be chatty).
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS)));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stderr }));
    }),
  copyFile: (from, to) => copyFile(from, to),
  chmod: (path, mode) => chmod(path, mode),
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};
