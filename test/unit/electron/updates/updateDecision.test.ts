import { describe, expect, it } from 'vitest';
import type { UpdateManifest } from '../../../../shared/updates/manifest';
import { decideUpdate, type KioskIdentity } from '../../../../electron/logic/updates/updateDecision';

const manifest: UpdateManifest = {
  id: '0123456789abcdef01234567',
  version: '1.2.0',
  platform: 'win32',
  arch: 'x64',
  format: 'nsis',
  fileName: 'Village Kiosk Setup 1.2.0.exe',
  size: 1000,
  sha256: 'c'.repeat(64),
  publishedAt: '2026-11-27T10:00:00.000Z',
};
const windowsKiosk: KioskIdentity = { version: '1.1.0', platform: 'win32', arch: 'x64' };
const ok = (update: unknown) => ({ status: 200, body: { update } });

describe('deciding what to install', () => {
  it('downloads a newer version for this platform, arch and format', () => {
    expect(decideUpdate(ok(manifest), windowsKiosk)).toEqual({ kind: 'download', manifest });
  });

  it('does nothing on 204, on the same version or on an older one (no downgrade outside rollback)', () => {
    expect(decideUpdate({ status: 204, body: undefined }, windowsKiosk)).toEqual({ kind: 'none' });
    expect(decideUpdate(ok(manifest), { ...windowsKiosk, version: '1.2.0' })).toEqual({ kind: 'none' });
    expect(decideUpdate(ok(manifest), { ...windowsKiosk, version: '1.3.0' })).toEqual({ kind: 'none' });
  });

  it('refuses a file for another platform, arch or format even if the county offers it', () => {
    expect(decideUpdate(ok(manifest), { version: '1.1.0', platform: 'linux', arch: 'x64' }).kind).toBe('refuse');
    expect(decideUpdate(ok(manifest), { ...windowsKiosk, arch: 'arm64' }).kind).toBe('refuse');
    const deb = { ...manifest, platform: 'linux', format: 'deb' };
    expect(decideUpdate(ok(deb), { version: '1.1.0', platform: 'linux', arch: 'x64' }).kind).toBe('download');
    expect(decideUpdate(ok(deb), { version: '1.1.0', platform: 'linux', arch: 'x64', format: 'appimage' }).kind).toBe('refuse');
  });

  it('honours minVersion and never retries a version that was rolled back here', () => {
    const needs = { ...manifest, minVersion: '1.1.5' };
    expect(decideUpdate(ok(needs), windowsKiosk)).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/needs at least 1\.1\.5/) });
    expect(decideUpdate(ok(needs), { ...windowsKiosk, version: '1.1.5' }).kind).toBe('download');
    expect(decideUpdate(ok(manifest), windowsKiosk, ['1.2.0'])).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/rolled back/) });
  });

  it('refuses an answer that is not a manifest, or an error status', () => {
    expect(decideUpdate(ok({ ...manifest, sha256: 'nope' }), windowsKiosk).kind).toBe('refuse');
    expect(decideUpdate(ok({ ...manifest, downloadUrl: 'https://elsewhere.example/' }), windowsKiosk).kind).toBe('refuse');
    expect(decideUpdate({ status: 200, body: manifest }, windowsKiosk).kind).toBe('refuse');
    expect(decideUpdate({ status: 401, body: { error: { code: 'DEVICE_REVOKED', message: 'x' } } }, windowsKiosk)).toEqual({ kind: 'refuse', reason: 'the county answered 401' });
  });
});
