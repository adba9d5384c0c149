import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELECTRON_DEFAULT_WIRE, fakeElectronBinary, readWire } from './support/fakeElectronBinary';

// The fuse hook against a stand-in binary with a real fuse wire: the flip and the read-back are
// @electron/fuses' own code on real bytes. What this cannot show is Electron honouring the bits.

const repoRoot = resolve(__dirname, '..', '..', '..');
const require = createRequire(__filename);

interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}
type AfterPackModule = ((context: AfterPackContext) => Promise<void>) & {
  electronBinaryPath(context: AfterPackContext): string;
  flipKioskFuses(binaryPath: string): Promise<Record<string, 'enabled' | 'disabled'>>;
};
const afterPackModule = require(join(repoRoot, 'build', 'afterPack.cjs')) as AfterPackModule;
const { KIOSK_FUSES } = require(join(repoRoot, 'build', 'electronFuses.cjs')) as { KIOSK_FUSES: Record<string, boolean> };
const builderConfig = require(join(repoRoot, 'build', 'electron-builder.config.cjs')) as { afterPack?: unknown; electronFuses?: unknown };

const work = mkdtempSync(join(tmpdir(), 'kiosk-fuses-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeFake(name: string, content: Buffer): string {
  const file = join(work, name);
  writeFileSync(file, content);
  return file;
}

describe('the kiosk fuse settings', () => {
  it('are the hardening the issue asks for', () => {
    expect(KIOSK_FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(Object.isFrozen(KIOSK_FUSES)).toBe(true);
  });

  it('are applied by the afterPack hook the packaging config runs, and by nothing else', () => {
    expect(builderConfig.afterPack).toBe(afterPackModule);
    expect(builderConfig.electronFuses).toBeUndefined();
  });
});

describe('afterPack flips the fuses in the packaged binary', () => {
  it('turns Electron 45 defaults into the kiosk fuses and leaves the other bytes alone', async () => {
    const original = fakeElectronBinary();
    const binary = writeFake('village-kiosk', original);

    await afterPackModule({
      appOutDir: work,
      electronPlatformName: 'linux',
      packager: { executableName: 'village-kiosk', appInfo: { productFilename: '村务公开自助终端' } },
    });

    const flipped = readFileSync(binary);
    // RunAsNode 0, cookies 1, NODE_OPTIONS 0, inspect 0, integrity 1, asar only 1, V8 snapshot as
    // shipped (0), file:// privileges 0, wasm trap handlers as shipped (1).
    expect(readWire(flipped)).toBe('010011001');
    expect(readWire(original)).toBe(ELECTRON_DEFAULT_WIRE);
    expect(flipped.length).toBe(original.length);
    const differing = [...flipped].flatMap((byte, i) => (byte === original[i] ? [] : [i]));
    // Seven fuses change from Electron's defaults; WasmTrapHandlers and the V8 snapshot fuse keep theirs.
    expect(differing).toHaveLength(7);
  });

  it('reports each fuse it verified', async () => {
    const binary = writeFake('report', fakeElectronBinary());
    const verified = await afterPackModule.flipKioskFuses(binary);
    expect(verified).toEqual(
      Object.fromEntries(Object.entries(KIOSK_FUSES).map(([name, enabled]) => [name, enabled ? 'enabled' : 'disabled'])),
    );
  });

  it('is idempotent (a re-run of the build over the same output changes nothing)', async () => {
    const binary = writeFake('twice', fakeElectronBinary());
    await afterPackModule.flipKioskFuses(binary);
    const once = readFileSync(binary);
    await afterPackModule.flipKioskFuses(binary);
    expect(readFileSync(binary).equals(once)).toBe(true);
  });

  it('fails the build on a binary without fuses instead of shipping it unhardened', async () => {
    const binary = writeFake('no-sentinel', Buffer.from('#!/bin/sh\nexit 0\n'));
    await expect(afterPackModule.flipKioskFuses(binary)).rejects.toThrow(/sentinel/);
  });

  it('fails the build when the Electron in use lacks one of the fuses', async () => {
    // A wire of 5 fuses: OnlyLoadAppFromAsar (index 5) does not exist in it.
    const binary = writeFake('short-wire', fakeElectronBinary('10110'));
    await expect(afterPackModule.flipKioskFuses(binary)).rejects.toThrow(/not long enough|OnlyLoadAppFromAsar/);
  });

  it('fails the build when a fuse was removed from this Electron (the flip would be a no-op)', async () => {
    const binary = writeFake('removed', fakeElectronBinary('r01100011'));
    await expect(afterPackModule.flipKioskFuses(binary)).rejects.toThrow(/RunAsNode/);
  });
});

describe('afterPack finds the executable electron-builder wrote', () => {
  const packager = { executableName: 'village-kiosk', appInfo: { productFilename: 'village-kiosk' } };

  it('on Linux by executableName, on Windows as the product file name .exe', () => {
    expect(afterPackModule.electronBinaryPath({ appOutDir: '/out/linux-unpacked', electronPlatformName: 'linux', packager })).toBe(
      join('/out/linux-unpacked', 'village-kiosk'),
    );
    expect(afterPackModule.electronBinaryPath({ appOutDir: '/out/win-unpacked', electronPlatformName: 'win32', packager })).toBe(
      join('/out/win-unpacked', 'village-kiosk.exe'),
    );
  });

  it('refuses a platform it does not know rather than guessing a file', () => {
    expect(() => afterPackModule.electronBinaryPath({ appOutDir: '/out', electronPlatformName: 'freebsd', packager })).toThrow(/unknown platform/);
  });
});
