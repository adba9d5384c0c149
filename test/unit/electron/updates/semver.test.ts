import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestUpdatePath, updateManifestSchema } from '../../../../shared/updates/manifest';
import { compareSemver, isNewerVersion, parseSemver, semverSchema } from '../../../../shared/updates/semver';

describe('semantic versions', () => {
  it('orders versions as semver.org §11 does', () => {
    const ascending = ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        expect(compareSemver(ascending[i] as string, ascending[j] as string), `${ascending[i]} vs ${ascending[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('ignores build metadata and compares numbers as numbers', () => {
    expect(compareSemver('1.2.3+build.5', '1.2.3+other')).toBe(0);
    expect(isNewerVersion('1.10.0', '1.9.0')).toBe(true);
    expect(isNewerVersion('1.9.0', '1.10.0')).toBe(false);
  });

  it('is antisymmetric on any pair of versions', () => {
    const version = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.option(fc.constantFrom('alpha', 'beta.2', 'rc.1', '1')))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre === null ? '' : `-${pre}`}`);
    fc.assert(fc.property(version, version, (a, b) => compareSemver(a, b) === -compareSemver(b, a)));
  });

  it('refuses what is not a version', () => {
    for (const bad of ['1.2', '01.2.3', '1.2.3-', 'v1.2.3', '1.2.3.4', '', '1.2.3-01', 'x'.repeat(70)]) {
      expect(parseSemver(bad), bad).toBeNull();
      expect(semverSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(() => compareSemver('1.0', '1.0.0')).toThrow(RangeError);
  });

  it('builds the latest query with build metadata escaped and refuses a manifest with a URL in it', () => {
    expect(latestUpdatePath({ platform: 'linux', arch: 'arm64', version: '1.0.0+b.1', format: 'appimage' })).toBe(
      '/api/v1/updates/latest?platform=linux&arch=arm64&version=1.0.0%2Bb.1&format=appimage',
    );
    const manifest = { id: 'a'.repeat(24), version: '1.0.0', platform: 'win32', arch: 'x64', format: 'nsis', fileName: 'Setup 1.0.0.exe', size: 10, sha256: 'b'.repeat(64), publishedAt: '2026-11-27T00:00:00.000Z' };
    expect(updateManifestSchema.safeParse(manifest).success).toBe(true);
    expect(updateManifestSchema.safeParse({ ...manifest, url: 'https://elsewhere.example/x.exe' }).success).toBe(false);
    expect(updateManifestSchema.safeParse({ ...manifest, fileName: '../evil.exe' }).success).toBe(false);
  });
});
