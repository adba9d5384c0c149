import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeInstallFailure,
  locateElectronBinary,
  missingDisplayReason,
  planLaunch,
  webModeNotice,
  WEB_MODE_HOST,
  WEB_MODE_PORT,
  type ElectronProbe,
} from '../../../electron/logic/launchPlan';

const pkg = path.join('/work', 'app', 'node_modules', 'electron');

function probeOf(files: Record<string, string>): ElectronProbe {
  return { readText: (p) => files[p] ?? null, exists: (p) => p in files };
}

describe('locating the Electron binary without requiring the electron package', () => {
  it('follows path.txt into dist/', () => {
    const binary = path.join(pkg, 'dist', 'electron');
    expect(locateElectronBinary(pkg, {}, probeOf({ [path.join(pkg, 'path.txt')]: 'electron\n', [binary]: '' }))).toBe(binary);
  });

  it('is null when path.txt is missing, or names a binary that is not there', () => {
    expect(locateElectronBinary(pkg, {}, probeOf({}))).toBeNull();
    expect(locateElectronBinary(pkg, {}, probeOf({ [path.join(pkg, 'path.txt')]: 'electron' }))).toBeNull();
    expect(locateElectronBinary(pkg, {}, probeOf({ [path.join(pkg, 'path.txt')]: '  ' }))).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the package itself', () => {
    const custom = path.join('/opt', 'electron-45');
    const binary = path.join(custom, 'electron');
    expect(locateElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: custom }, probeOf({ [binary]: '' }))).toBe(binary);
    const exe = path.join(custom, 'electron.exe');
    expect(
      locateElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: custom }, probeOf({ [path.join(pkg, 'path.txt')]: 'electron.exe', [exe]: '' })),
    ).toBe(exe);
  });
});

describe('why Electron is unavailable', () => {
  it('explains a failed install attempt', () => {
    expect(describeInstallFailure({ status: null, signal: 'SIGTERM', errorCode: 'ETIMEDOUT' })).toBe('its download did not finish within 60 s');
    expect(describeInstallFailure({ status: 1, signal: null, errorCode: null })).toBe('its binary could not be downloaded');
    expect(describeInstallFailure({ status: null, signal: null, errorCode: 'ENOENT' })).toContain('ENOENT');
    expect(describeInstallFailure({ status: null, signal: 'SIGKILL', errorCode: null })).toContain('SIGKILL');
  });

  it('notices a Linux machine without a display, and only there', () => {
    expect(missingDisplayReason({ platform: 'linux', env: {} })).toMatch(/display/);
    expect(missingDisplayReason({ platform: 'linux', env: { DISPLAY: ' ' } })).toMatch(/display/);
    expect(missingDisplayReason({ platform: 'linux', env: { DISPLAY: ':0' } })).toBeNull();
    expect(missingDisplayReason({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } })).toBeNull();
    expect(missingDisplayReason({ platform: 'win32', env: {} })).toBeNull();
  });
});

describe('launch plan', () => {
  const input = { appDir: '/work/app', demoDir: '/work/app/.demo-data/default', env: { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' } };

  it('runs the app folder in Electron with the demo folder, without ELECTRON_RUN_AS_NODE', () => {
    const plan = planLaunch({ ...input, electronBinary: '/e/electron', unavailableReason: null });
    expect(plan).toEqual({
      mode: 'electron',
      command: '/e/electron',
      args: ['/work/app', '--demo-data=/work/app/.demo-data/default'],
      env: { PATH: '/usr/bin' },
    });
  });

  it('falls back to web mode on 127.0.0.1:4173 with the reason', () => {
    expect(planLaunch({ ...input, electronBinary: null, unavailableReason: 'its download did not finish within 60 s' })).toEqual({
      mode: 'web',
      reason: 'its download did not finish within 60 s',
      host: '127.0.0.1',
      port: 4173,
    });
    expect(planLaunch({ ...input, electronBinary: null, unavailableReason: null })).toMatchObject({ mode: 'web', reason: 'its binary could not be downloaded' });
    // A binary is no use without a display.
    expect(planLaunch({ ...input, electronBinary: '/e/electron', unavailableReason: 'no display' })).toMatchObject({ mode: 'web' });
    expect([WEB_MODE_HOST, WEB_MODE_PORT]).toEqual(['127.0.0.1', 4173]);
  });

  it('says so in one line with the URL', () => {
    const line = webModeNotice('its binary could not be downloaded', 'http://127.0.0.1:4173/');
    expect(line).toBe(
      'Electron is not available on this machine (its binary could not be downloaded); serving the same kiosk in web mode at http://127.0.0.1:4173/',
    );
    expect(line).not.toContain('\n');
  });
});
