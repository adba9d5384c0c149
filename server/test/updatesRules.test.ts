import { describe, expect, it } from 'vitest';
import type { UpdateManifest } from '../../shared/updates/manifest';
import { parseByteRange } from '../src/services/updates/byteRange';
import { newestApplicableUpdate } from '../src/services/updates/latestUpdate';
import { classifyInstallerName } from '../src/services/updates/publishUpdate';

const manifest = (version: string, minVersion?: string): UpdateManifest => ({
  id: 'a'.repeat(24),
  version,
  platform: 'win32',
  arch: 'x64',
  format: 'nsis',
  fileName: `Setup ${version}.exe`,
  size: 1,
  sha256: 'b'.repeat(64),
  publishedAt: '2026-11-27T00:00:00.000Z',
  ...(minVersion === undefined ? {} : { minVersion }),
});

describe('publish-update: what a file name says', () => {
  it('derives platform, format, arch and version from electron-builder\'s names', () => {
    expect(classifyInstallerName('Village Kiosk Setup 1.2.0.exe')).toEqual({ fileName: 'Village Kiosk Setup 1.2.0.exe', platform: 'win32', arch: 'x64', format: 'nsis', versionInName: '1.2.0' });
    expect(classifyInstallerName('village-kiosk_1.2.0_arm64.deb')).toMatchObject({ platform: 'linux', arch: 'arm64', format: 'deb', versionInName: '1.2.0' });
    expect(classifyInstallerName('village-kiosk_1.2.0_amd64.deb')).toMatchObject({ arch: 'x64', versionInName: '1.2.0' });
    expect(classifyInstallerName('village-kiosk-1.2.0-aarch64.AppImage')).toMatchObject({ format: 'appimage', arch: 'arm64', versionInName: '1.2.0' });
    expect(classifyInstallerName('village-kiosk-1.2.0-x86_64.AppImage')).toMatchObject({ arch: 'x64', versionInName: '1.2.0' });
  });

  it('skips what is no installer and calls a pre-release or a two-version name ambiguous', () => {
    for (const name of ['latest.yml', 'Village Kiosk Setup 1.2.0.exe.blockmap', 'builder-debug.yml', 'notes.txt']) expect(classifyInstallerName(name), name).toBeNull();
    expect(classifyInstallerName('village-kiosk-1.3.0-rc.1.AppImage')?.versionInName).toBeNull();
    expect(classifyInstallerName('upgrade-1.1.0-to-1.2.0.exe')?.versionInName).toBeNull();
    expect(classifyInstallerName('kiosk.exe')?.versionInName).toBeNull();
  });
});

describe('latest: the newest applicable update', () => {
  it('is the highest version above the current one whose minVersion the kiosk has reached', () => {
    const published = [manifest('1.1.0'), manifest('1.3.0', '1.2.0'), manifest('1.2.0'), manifest('1.10.0-rc.1', '1.2.5')];
    expect(newestApplicableUpdate(published, '1.0.0')?.version).toBe('1.2.0');
    expect(newestApplicableUpdate(published, '1.2.0')?.version).toBe('1.3.0');
    expect(newestApplicableUpdate(published, '1.2.5')?.version).toBe('1.10.0-rc.1');
    expect(newestApplicableUpdate(published, '1.10.0')).toBeNull();
    expect(newestApplicableUpdate([], '1.0.0')).toBeNull();
  });
});

describe('Range header', () => {
  const size = 1000;
  it('reads the forms a resuming kiosk sends', () => {
    expect(parseByteRange(undefined, size)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=400-', size)).toEqual({ kind: 'range', start: 400, end: 999 });
    expect(parseByteRange('bytes=0-9', size)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseByteRange('bytes=990-5000', size)).toEqual({ kind: 'range', start: 990, end: 999 });
    expect(parseByteRange('bytes=-100', size)).toEqual({ kind: 'range', start: 900, end: 999 });
    expect(parseByteRange('bytes=-5000', size)).toEqual({ kind: 'range', start: 0, end: 999 });
  });

  it('ignores what it does not serve and refuses a start beyond the end', () => {
    expect(parseByteRange('bytes=0-1,5-9', size)).toEqual({ kind: 'whole' });
    expect(parseByteRange('items=0-5', size)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=9-3', size)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=-', size)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange(`bytes=${'9'.repeat(30)}-`, size)).toEqual({ kind: 'unsatisfiable' });
  });
});
