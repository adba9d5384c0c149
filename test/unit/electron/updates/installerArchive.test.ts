import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateFormat, UpdateManifest } from '../../../../shared/updates/manifest';
import { archiveInstallers, MANIFEST_SIDECAR, nodeUpdateStoreFiles, recordVerifiedInstaller, sidecarPathOf } from '../../../../electron/logic/updates/installerArchive';
import { partialPathOf, readyPathOf } from '../../../../electron/logic/updates/resumableDownload';

function manifestFor(version: string, id: string, bytes: Buffer, format: UpdateFormat = 'deb'): UpdateManifest {
  return {
    id,
    version,
    platform: 'linux',
    arch: 'x64',
    format,
    fileName: `village-kiosk-${version}-linux-amd64.${format === 'deb' ? 'deb' : 'AppImage'}`,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    publishedAt: '2026-11-27T10:00:00.000Z',
  };
}

describe('the kept installers in userData/updates', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-archive-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** An installer as downloadUpdate leaves it, recorded (sidecar) as the runtime does once it is ready. */
  async function kept(version: string, id: string, format: UpdateFormat = 'deb'): Promise<{ manifest: UpdateManifest; path: string }> {
    const bytes = randomBytes(2048);
    const manifest = manifestFor(version, id, bytes, format);
    const path = readyPathOf(dir, manifest);
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(path, bytes);
    await recordVerifiedInstaller(nodeUpdateStoreFiles, dir, manifest);
    return { manifest, path };
  }

  it("finds the running version's installer and keeps it, the newest older one and newer ones not refused", async () => {
    await kept('1.0.0', 'a00000000000000000000001');
    const v110 = await kept('1.1.0', 'a00000000000000000000002');
    await kept('1.1.1-rc.1', 'a00000000000000000000003');
    const v120 = await kept('1.2.0', 'a00000000000000000000004');
    const v130 = await kept('1.3.0', 'a00000000000000000000005');
    await kept('1.4.0', 'a00000000000000000000006');
    const result = await archiveInstallers({ files: nodeUpdateStoreFiles, dir, running: '1.2.0', format: 'deb', refused: ['1.3.0'] });
    expect(result.currentInstaller).toBe(v120.path);
    expect(result.previousInstaller).toMatch(/a00000000000000000000003/);
    expect(readdirSync(dir).sort()).toEqual(['a00000000000000000000003', 'a00000000000000000000004', 'a00000000000000000000006']);
    expect(existsSync(v110.path)).toBe(false);
    expect(existsSync(v130.path)).toBe(false);
  });

  it('does not hand out an installer whose bytes changed on disk (and deletes it)', async () => {
    const v120 = await kept('1.2.0', 'b00000000000000000000001');
    writeFileSync(v120.path, randomBytes(2048));
    const result = await archiveInstallers({ files: nodeUpdateStoreFiles, dir, running: '1.2.0', format: 'deb' });
    expect(result.currentInstaller).toBeNull();
    expect(existsSync(v120.path)).toBe(false);
  });

  it("ignores another format's installer for the running version", async () => {
    await kept('1.2.0', 'c00000000000000000000001', 'appimage');
    const result = await archiveInstallers({ files: nodeUpdateStoreFiles, dir, running: '1.2.0', format: 'deb' });
    expect(result.currentInstaller).toBeNull();
  });

  it('keeps downloads still under way and the folders the loop is using', async () => {
    const partial = manifestFor('1.3.0', 'd00000000000000000000001', randomBytes(10));
    mkdirSync(join(dir, partial.id));
    writeFileSync(partialPathOf(dir, partial), 'half');
    const ready = await kept('1.4.0', 'd00000000000000000000002');
    await kept('0.9.0', 'd00000000000000000000003');
    await kept('0.8.0', 'd00000000000000000000004');
    const result = await archiveInstallers({ files: nodeUpdateStoreFiles, dir, running: '1.2.0', format: 'deb', inUse: [ready.manifest.id] });
    expect(result.currentInstaller).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(['d00000000000000000000001', 'd00000000000000000000002', 'd00000000000000000000003']);
  });

  it('removes folders whose sidecar is unreadable or names another folder', async () => {
    mkdirSync(join(dir, 'e00000000000000000000001'));
    writeFileSync(join(dir, 'e00000000000000000000001', MANIFEST_SIDECAR), '{not json');
    const moved = await kept('1.1.0', 'e00000000000000000000002');
    mkdirSync(join(dir, 'e00000000000000000000003'));
    writeFileSync(join(dir, 'e00000000000000000000003', MANIFEST_SIDECAR), readFileSync(sidecarPathOf(dir, moved.manifest)));
    const result = await archiveInstallers({ files: nodeUpdateStoreFiles, dir, running: '1.2.0', format: 'deb' });
    expect(result.removed.sort()).toEqual([join(dir, 'e00000000000000000000001'), join(dir, 'e00000000000000000000003')]);
    expect(result.previousInstaller).toBe(moved.path);
  });

  it('copes with no updates folder at all', async () => {
    const result = await archiveInstallers({ files: nodeUpdateStoreFiles, dir: join(dir, 'none'), running: '1.0.0', format: 'nsis' });
    expect(result).toEqual({ currentInstaller: null, previousInstaller: null, removed: [] });
  });

  it('writes text durably: the whole new file under the name, no temp file left', async () => {
    const path = join(dir, 'nested', 'state.json');
    await nodeUpdateStoreFiles.writeTextDurably(path, 'one');
    await nodeUpdateStoreFiles.writeTextDurably(path, 'two');
    expect(await nodeUpdateStoreFiles.readText(path)).toBe('two');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
    expect(await nodeUpdateStoreFiles.readText(join(dir, 'missing'))).toBeNull();
  });
});
