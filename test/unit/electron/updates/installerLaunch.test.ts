import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEB_INSTALL_HELPER,
  executeInstallerPlan,
  EXIT_CODE_RESTART_FOR_UPDATE,
  installedFormat,
  nodeInstallerProcesses,
  planInstallerLaunch,
  type Command,
  type InstallerHost,
} from '../../../../electron/logic/updates/installerLaunch';

const WIN_INSTALLER = 'C:\\Users\\kiosk\\AppData\\Roaming\\village-kiosk\\updates\\0123456789abcdef01234567\\village-kiosk-1.2.0-win-x64.exe';
const DEB = '/home/kiosk/.config/village-kiosk/updates/0123456789abcdef01234567/village-kiosk-1.2.0-linux-amd64.deb';
const APPIMAGE_FILE = '/home/kiosk/.config/village-kiosk/updates/0123456789abcdef01234567/village-kiosk-1.2.0-linux-x86_64.AppImage';

describe('planInstallerLaunch', () => {
  it('starts a per-machine NSIS installer silently, forcing the new version to run, with elevate.exe as the fallback', () => {
    const plan = planInstallerLaunch({ platform: 'win32', format: 'nsis', installerPath: WIN_INSTALLER, resourcesPath: 'C:\\Program Files\\Kiosk\\resources', env: {} });
    expect(plan).toEqual({
      kind: 'start-detached-and-quit',
      run: { command: WIN_INSTALLER, args: ['--updated', '/S', '--force-run'] },
      elevated: { command: 'C:\\Program Files\\Kiosk\\resources\\elevate.exe', args: [WIN_INSTALLER, '--updated', '/S', '--force-run'] },
    });
    // /AUTOSTART is never passed: build/installer.nsh keeps the technician's start-at-login choice without it.
    expect(JSON.stringify(plan)).not.toContain('AUTOSTART');
  });

  it('installs a deb through pkexec and the helper, then restarts through systemd or by relaunching', () => {
    const underSystemd = planInstallerLaunch({ platform: 'linux', format: 'deb', installerPath: DEB, resourcesPath: '/opt/k/resources', env: { INVOCATION_ID: 'abc123' } });
    expect(underSystemd).toEqual({
      kind: 'run-then-restart',
      run: { command: 'pkexec', args: [DEB_INSTALL_HELPER, DEB] },
      restart: { kind: 'exit-for-service-restart', exitCode: EXIT_CODE_RESTART_FOR_UPDATE },
    });
    expect(EXIT_CODE_RESTART_FOR_UPDATE).not.toBe(0);
    const plain = planInstallerLaunch({ platform: 'linux', format: 'deb', installerPath: DEB, resourcesPath: '/opt/k/resources', env: { INVOCATION_ID: '' } });
    expect(plain).toMatchObject({ kind: 'run-then-restart', restart: { kind: 'relaunch' } });
    expect(plain.kind === 'run-then-restart' && plain.restart).not.toHaveProperty('execPath');
  });

  it("exits for systemd only inside the kiosk's own unit when the cgroup is known", () => {
    const base = { platform: 'linux', format: 'deb' as const, installerPath: DEB, resourcesPath: '/r', env: { INVOCATION_ID: 'abc' } };
    const ours = planInstallerLaunch({ ...base, cgroup: '0::/user.slice/user-1000.slice/user@1000.service/app.slice/village-kiosk.service\n' });
    expect(ours).toMatchObject({ restart: { kind: 'exit-for-service-restart' } });
    // Started by hand from a desktop shell that runs as a systemd service: INVOCATION_ID leaked, nobody restarts us.
    const inherited = planInstallerLaunch({ ...base, cgroup: '0::/user.slice/user-1000.slice/user@1000.service/session.slice/org.gnome.Shell@wayland.service\n' });
    expect(inherited).toMatchObject({ restart: { kind: 'relaunch' } });
  });

  it('swaps the AppImage through a temp file beside it and relaunches the swapped file', () => {
    const plan = planInstallerLaunch({ platform: 'linux', format: 'appimage', installerPath: APPIMAGE_FILE, resourcesPath: '/tmp/.mount_x/resources', env: { APPIMAGE: '/home/kiosk/Apps/kiosk.AppImage' } });
    expect(plan).toEqual({
      kind: 'replace-file-then-restart',
      source: APPIMAGE_FILE,
      temp: '/home/kiosk/Apps/.kiosk.AppImage.update',
      target: '/home/kiosk/Apps/kiosk.AppImage',
      mode: 0o755,
      restart: { kind: 'relaunch', execPath: '/home/kiosk/Apps/kiosk.AppImage' },
    });
  });

  it.each([
    ['APPIMAGE unset', { platform: 'linux', format: 'appimage', installerPath: APPIMAGE_FILE, env: {} }, /APPIMAGE/],
    ['APPIMAGE relative', { platform: 'linux', format: 'appimage', installerPath: APPIMAGE_FILE, env: { APPIMAGE: 'kiosk.AppImage' } }, /APPIMAGE/],
    ['a deb on Windows', { platform: 'win32', format: 'deb', installerPath: 'C:\\x.deb', env: {} }, /cannot run on win32/],
    ['an NSIS installer on Linux', { platform: 'linux', format: 'nsis', installerPath: '/tmp/x.exe', env: {} }, /cannot run on linux/],
    ['macOS', { platform: 'darwin', format: 'deb', installerPath: '/tmp/x.deb', env: {} }, /cannot run on darwin/],
    ['a relative installer', { platform: 'linux', format: 'deb', installerPath: 'x.deb', env: {} }, /not absolute/],
    ['a deb path not ending .deb', { platform: 'linux', format: 'deb', installerPath: '/tmp/x.sh', env: {} }, /\.deb/],
    ['an NSIS path not ending .exe', { platform: 'win32', format: 'nsis', installerPath: 'C:\\x.bat', env: {} }, /\.exe/],
  ] as const)('refuses %s', (_name, facts, reason) => {
    const plan = planInstallerLaunch({ ...facts, resourcesPath: '/r' });
    expect(plan.kind).toBe('unsupported');
    if (plan.kind === 'unsupported') expect(plan.reason).toMatch(reason);
  });

  it('tells the installed format from the platform and $APPIMAGE', () => {
    expect(installedFormat('win32', {})).toBe('nsis');
    expect(installedFormat('linux', {})).toBe('deb');
    expect(installedFormat('linux', { APPIMAGE: '/a/k.AppImage' })).toBe('appimage');
    expect(installedFormat('darwin', {})).toBeNull();
  });
});

/** The real child_process and node:fs, with Electron's app calls recorded. */
function recordingHost(overrides: Partial<InstallerHost> = {}): { host: InstallerHost; calls: string[] } {
  const calls: string[] = [];
  const host: InstallerHost = {
    ...nodeInstallerProcesses,
    relaunch: (options) => calls.push(`relaunch ${options.execPath ?? '(same)'}`),
    exit: (code) => calls.push(`exit ${code}`),
    quit: () => calls.push('quit'),
    ...overrides,
  };
  return { host, calls };
}

describe('executeInstallerPlan', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-launch-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for the deb helper and exits for systemd only when it succeeded', async () => {
    const ok = recordingHost();
    const succeeded = await executeInstallerPlan({ kind: 'run-then-restart', run: { command: 'sh', args: ['-c', 'exit 0'] }, restart: { kind: 'exit-for-service-restart', exitCode: 75 } }, ok.host);
    expect(succeeded).toEqual({ kind: 'app-ending' });
    expect(ok.calls).toEqual(['exit 75']);

    const failing = recordingHost();
    const failed = await executeInstallerPlan({ kind: 'run-then-restart', run: { command: 'sh', args: ['-c', 'echo "install-update: not the kiosk" >&2; exit 65'] }, restart: { kind: 'relaunch' } }, failing.host);
    expect(failed).toEqual({ kind: 'failed', reason: '-c exited with 65: install-update: not the kiosk' });
    expect(failing.calls).toEqual([]);
  });

  it('reports a helper that cannot start as a failure, never throwing', async () => {
    const { host, calls } = recordingHost();
    const outcome = await executeInstallerPlan({ kind: 'run-then-restart', run: { command: join(dir, 'no-such-program'), args: [] }, restart: { kind: 'relaunch' } }, host);
    expect(outcome.kind).toBe('failed');
    expect(calls).toEqual([]);
  });

  it('relaunches after a deb install outside systemd', async () => {
    const { host, calls } = recordingHost();
    await executeInstallerPlan({ kind: 'run-then-restart', run: { command: 'true', args: [] }, restart: { kind: 'relaunch' } }, host);
    expect(calls).toEqual(['relaunch (same)', 'exit 0']);
  });

  it('starts the NSIS installer detached and quits; asks elevate.exe only when access is denied', async () => {
    const marker = join(dir, 'started');
    const direct = recordingHost();
    const plan = { kind: 'start-detached-and-quit' as const, run: { command: 'sh', args: ['-c', `touch '${marker}'`] }, elevated: { command: 'false', args: [] } };
    expect(await executeInstallerPlan(plan, direct.host)).toEqual({ kind: 'app-ending' });
    expect(direct.calls).toEqual(['quit']);
    for (let i = 0; i < 50 && !existsSync(marker); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(marker)).toBe(true);

    const started: Command[] = [];
    const denied = recordingHost({
      startDetached: async (command) => {
        if (command.command === 'installer.exe') throw Object.assign(new Error('spawn EACCES'), { code: 'EACCES' });
        started.push(command);
      },
    });
    await executeInstallerPlan({ kind: 'start-detached-and-quit', run: { command: 'installer.exe', args: ['/S'] }, elevated: { command: 'elevate.exe', args: ['installer.exe', '/S'] } }, denied.host);
    expect(started).toEqual([{ command: 'elevate.exe', args: ['installer.exe', '/S'] }]);
    expect(denied.calls).toEqual(['quit']);

    const missing = recordingHost();
    const outcome = await executeInstallerPlan({ kind: 'start-detached-and-quit', run: { command: join(dir, 'gone.exe'), args: [] }, elevated: { command: 'x', args: [] } }, missing.host);
    expect(outcome.kind).toBe('failed');
    expect(missing.calls).toEqual([]);
  });

  it('swaps an AppImage atomically: executable, new bytes, no temp left, then relaunches it', async () => {
    const target = join(dir, 'kiosk.AppImage');
    const source = join(dir, 'new.AppImage');
    writeFileSync(target, 'old version', { mode: 0o755 });
    writeFileSync(source, 'new version', { mode: 0o644 });
    const plan = planInstallerLaunch({ platform: 'linux', format: 'appimage', installerPath: source, resourcesPath: '/r', env: { APPIMAGE: target } });
    const { host, calls } = recordingHost();
    expect(await executeInstallerPlan(plan, host)).toEqual({ kind: 'app-ending' });
    expect(readFileSync(target, 'utf8')).toBe('new version');
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir).sort()).toEqual(['kiosk.AppImage', 'new.AppImage']);
    expect(calls).toEqual([`relaunch ${target}`, 'exit 0']);
  });

  it('leaves the running AppImage untouched and cleans up when the copy fails', async () => {
    const target = join(dir, 'kiosk.AppImage');
    writeFileSync(target, 'old version', { mode: 0o755 });
    const plan = planInstallerLaunch({ platform: 'linux', format: 'appimage', installerPath: join(dir, 'missing.AppImage'), resourcesPath: '/r', env: { APPIMAGE: target } });
    const { host, calls } = recordingHost();
    expect((await executeInstallerPlan(plan, host)).kind).toBe('failed');
    expect(readFileSync(target, 'utf8')).toBe('old version');
    expect(readdirSync(dir)).toEqual(['kiosk.AppImage']);
    expect(calls).toEqual([]);
  });

  it('does nothing for an unsupported plan', async () => {
    const { host, calls } = recordingHost();
    expect(await executeInstallerPlan({ kind: 'unsupported', reason: 'no' }, host)).toEqual({ kind: 'failed', reason: 'no' });
    expect(calls).toEqual([]);
  });
});
