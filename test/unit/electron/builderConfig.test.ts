import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';

const repoRoot = resolve(__dirname, '..', '..', '..');
const configPath = join(repoRoot, 'build', 'electron-builder.config.cjs');
const require = createRequire(__filename);
const config = require(configPath) as Configuration;

describe('electron-builder configuration', () => {
  it('is the file package.json\'s dist script uses', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; main: string };
    expect(pkg.scripts.dist).toContain('--config build/electron-builder.config.cjs');
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 30_000);

  it('names the product in Chinese and the artifacts in ASCII', () => {
    expect(config.productName).toBe('村务公开自助终端');
    expect(config.appId).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/);
    expect(config.artifactName).toContain('${arch}');
    expect(config.executableName).toMatch(/^[a-z0-9-]+$/);
  });

  it('ships only the built app: an allow-list after excluding everything', () => {
    expect(config.files).toEqual(['!**/*', 'dist/electron/**/*', 'dist/renderer/**/*', 'package.json']);
    const included = (config.files as string[]).filter((pattern) => !pattern.startsWith('!'));
    for (const pattern of included) {
      expect(pattern).not.toMatch(/^(src|shared|renderer|electron|scripts|server|test|node_modules)\b/);
    }
  });

  it('builds an x64 per-machine NSIS installer and x64/arm64 deb and AppImage packages', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.linux?.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
    // deb refuses to build without a maintainer.
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
  });
});

// Packs a throwaway project with electron-builder itself (a stand-in Electron distribution, so no
// download) and lists what landed in app.asar: the proof that sources, tests, server code and
// node_modules stay out, which the patterns alone cannot show.
describe.runIf(process.platform === 'linux')('electron-builder packs only the allow-listed files', () => {
  const work = mkdtempSync(join(tmpdir(), 'kiosk-builder-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('app.asar holds dist/electron, dist/renderer and package.json only', () => {
    const project = join(work, 'project');
    const fakeElectron = join(work, 'electron-dist');
    const files: Record<string, string> = {
      'dist/electron/main.cjs': '"use strict";',
      'dist/electron/preload.cjs': '"use strict";',
      'dist/renderer/index.html': '<!doctype html>',
      'dist/renderer/assets/index-abc.js': 'export {};',
      'electron/main.ts': 'source',
      'shared/money.ts': 'source',
      'renderer/src/main.ts': 'source',
      'scripts/start.ts': 'source',
      'server/index.ts': 'server',
      'test/unit/x.test.ts': 'test',
      '.demo-data/default/manifest.json': '{}',
      'README.md': 'readme',
    };
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(join(project, file, '..'), { recursive: true });
      writeFileSync(join(project, file), content);
    }
    copyFileSync(join(repoRoot, 'package.json'), join(project, 'package.json'));
    mkdirSync(join(project, 'build'));
    copyFileSync(configPath, join(project, 'build', 'electron-builder.config.cjs'));
    // The real dependencies, so electron-builder's dependency collection has something to (not) copy.
    symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'), 'dir');
    mkdirSync(fakeElectron);
    writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\n');
    chmodSync(join(fakeElectron, 'electron'), 0o755);
    writeFileSync(join(fakeElectron, 'version'), '45.5.0');

    const cli = require.resolve('electron-builder/cli.js');
    const out = join(work, 'out');
    const result = spawnSync(
      process.execPath,
      [cli, '--dir', '--linux', '--x64', '--config', 'build/electron-builder.config.cjs', `-c.electronDist=${fakeElectron}`, `-c.directories.output=${out}`],
      { cwd: project, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);

    const asar = require('@electron/asar') as { listPackage(archive: string): string[]; extractFile(archive: string, file: string): Buffer };
    const archive = join(out, 'linux-unpacked', 'resources', 'app.asar');
    const entries = asar.listPackage(archive).map((entry) => entry.replaceAll('\\', '/'));
    expect(entries.sort()).toEqual(
      [
        '/dist',
        '/dist/electron',
        '/dist/electron/main.cjs',
        '/dist/electron/preload.cjs',
        '/dist/renderer',
        '/dist/renderer/assets',
        '/dist/renderer/assets/index-abc.js',
        '/dist/renderer/index.html',
        '/package.json',
      ].sort(),
    );
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(entries).toContain(`/${packed.main}`);
  }, 150_000);
});
