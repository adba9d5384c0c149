import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASAR_SIZE_BUDGET_BYTES, SERVER_ONLY_PACKAGES } from '../../../build/builderPolicy';
import { buildKioskApp } from './support/buildKioskApp';
import { compareWithAllowlist, loadAllowlist, scanAsar } from './support/electronegativity';
import { fakeElectronBinary, readWire } from './support/fakeElectronBinary';

// What ships: the app is built (npm run build's three Vite builds) and packed by electron-builder
// itself with the real config (`--dir --linux --x64`), into a throwaway project that also holds
// every kind of file that must not ship. Electron cannot be downloaded here, so electronDist is a
// stand-in folder whose `electron` file carries a real fuse wire: the afterPack hook runs for real
// on it. Then app.asar is opened and checked file by file.

const repoRoot = resolve(__dirname, '..', '..', '..');
const require = createRequire(__filename);
const asar = require('@electron/asar') as {
  listPackage(archive: string): string[];
  extractFile(archive: string, file: string): Buffer;
  statFile(archive: string, file: string): { files?: unknown; size?: number };
};

/** Files a careless allow-list or build would pick up; each must stay out of app.asar. */
const DECOYS: Record<string, string> = {
  'electron/main.ts': 'export {};',
  'renderer/src/main.ts': 'export {};',
  'shared/money.ts': 'export {};',
  'scripts/start.ts': 'export {};',
  'server/src/index.ts': "import Fastify from 'fastify';",
  'server/package.json': '{"name":"village-kiosk-county","dependencies":{"fastify":"*","better-sqlite3":"*","pg":"*","kysely":"*"}}',
  'test/unit/x.test.ts': 'test',
  'test/fixtures/households.csv': '户号\n1',
  '.env': 'SECRET=do-not-ship',
  'provisioning.json': '{"countyUrl":"http://127.0.0.1:8740","enrollmentCode":"SECRET-CODE"}',
  '.demo-data/default/demo-agents.json': '[{"pin":"123456"}]',
  'demo-agents.json': '[{"pin":"123456"}]',
  'README.md': 'readme',
};

const work = mkdtempSync(join(tmpdir(), 'kiosk-packaged-'));
const project = join(work, 'project');
const out = join(work, 'out');
const archive = join(out, 'linux-unpacked', 'resources', 'app.asar');
let entries: string[] = [];
let builderLog = '';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
}


afterAll(() => rmSync(work, { recursive: true, force: true }));

const isFile = (entry: string): boolean => asar.statFile(archive, entry.slice(1)).files === undefined;

// electron-builder packs Linux targets only on Linux and macOS; the stand-in is a Linux executable.
describe.runIf(process.platform === 'linux')('the packaged app (electron-builder --dir, stand-in Electron)', () => {
  beforeAll(async () => {
    for (const [file, content] of Object.entries(DECOYS)) {
      mkdirSync(join(project, file, '..'), { recursive: true });
      writeFileSync(join(project, file), content);
    }
    copyFileSync(join(repoRoot, 'package.json'), join(project, 'package.json'));
    // The real dependencies, so electron-builder's production-dependency collection has something to (not) copy.
    symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'), 'dir');
    // buildResources and nsis.include are resolved against the project.
    symlinkSync(join(repoRoot, 'build'), join(project, 'build'), 'dir');
    await buildKioskApp(repoRoot, join(project, 'dist'));

    const electronDist = join(work, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), fakeElectronBinary());
    chmodSync(join(electronDist, 'electron'), 0o755);
    writeFileSync(join(electronDist, 'version'), (require('electron/package.json') as { version: string }).version);

    const result = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        '--config',
        join(repoRoot, 'build', 'electron-builder.config.cjs'),
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${out}`,
      ],
      { cwd: project, encoding: 'utf8', timeout: 180_000, env: { ...process.env, CI: 'true', NO_COLOR: '1' } },
    );
    builderLog = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`electron-builder failed (${result.status ?? result.signal}):\n${builderLog}`);
    entries = asar.listPackage(archive).map((entry) => entry.replaceAll('\\', '/'));
  }, 420_000);

  it('app.asar holds exactly the built app and package.json', () => {
    const shipped = entries.filter(isFile).sort();
    const built = filesUnder(join(project, 'dist')).map((file) => `/dist/${file}`);
    expect(shipped).toEqual([...built, '/package.json'].sort());
    expect(shipped).toContain('/dist/electron/main.cjs');
    expect(shipped).toContain('/dist/electron/preload.cjs');
    expect(shipped).toContain('/dist/renderer/index.html');
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(shipped).toContain(`/${packed.main}`);
  });

  it('ships no sources, tests, fixtures, source maps, dependencies or secrets', () => {
    const forbidden = entries.filter((entry) =>
      /node_modules|\/(test|tests|fixtures|server|scripts|shared|electron\/logic)\/|\.(ts|tsx|vue|map)$|\/\.env|provisioning\.json|demo-agents\.json|\.demo-data/.test(entry),
    );
    expect(forbidden).toEqual([]);
    // Only the kinds of file a Vite build of this app produces.
    const odd = entries.filter(isFile).filter((entry) => entry !== '/package.json' && !/\.(cjs|js|css|html|woff2?|ttf|svg|png|webp|wasm)$/.test(entry));
    expect(odd).toEqual([]);
  });

  it('bundles none of the county server packages and loads only Electron and Node built-ins at run time', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const entry of ['dist/electron/main.cjs', 'dist/electron/preload.cjs']) {
      const source = asar.extractFile(archive, entry).toString('utf8');
      const required = [...source.matchAll(/require\((["'])([^"']+)\1\)/g)].map((match) => match[2] as string);
      expect(required.filter((name) => name !== 'electron' && !builtins.has(name)), entry).toEqual([]);
    }
    const scripts = entries.filter((entry) => /\.(c?js|html)$/.test(entry)).map((entry) => asar.extractFile(archive, entry.slice(1)).toString('utf8'));
    for (const name of SERVER_ONLY_PACKAGES) {
      const pattern = new RegExp(`(require\\(|from\\s*|import\\()["']${name}["']`);
      expect(scripts.filter((text) => pattern.test(text)), name).toEqual([]);
    }
    expect(scripts.some((text) => /SECRET-CODE|do-not-ship|BEGIN (RSA |EC )?PRIVATE KEY/.test(text))).toBe(false);
  });

  it(`stays within the size budget (app.asar < ${ASAR_SIZE_BUDGET_BYTES / 1024 / 1024} MiB)`, () => {
    const size = statSync(archive).size;
    // Read by the lead for docs/benchmarks.md.
    console.info(`[packaging] app.asar: ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB), ${entries.filter(isFile).length} files`);
    expect(size).toBeLessThan(ASAR_SIZE_BUDGET_BYTES);
  });

  it('has its fuses flipped by the afterPack hook during packing', () => {
    const binary = join(out, 'linux-unpacked', 'village-kiosk');
    expect(existsSync(binary)).toBe(true);
    // RunAsNode 0, cookies 1, NODE_OPTIONS 0, inspect 0, integrity 1, asar only 1, V8 snapshot 0, file:// 0, wasm 1.
    expect(readWire(readFileSync(binary))).toBe('010011001');
    expect(builderLog).toContain('kiosk fuses set in village-kiosk');
  });

  it('has no Electronegativity finding in the shipped code beyond the reviewed allowlist', async () => {
    const { findings, parseErrors } = await scanAsar(archive, 'app.asar:');
    expect(parseErrors).toEqual([]);
    // The shell's bundles were read (the tool skips .cjs unless scanAsar renames it).
    expect(findings.some((finding) => finding.file === 'app.asar:dist/electron/main.cjs')).toBe(true);
    const allowlist = loadAllowlist(join(repoRoot, 'build', 'electronegativity-allowlist.json'));
    const { unreviewed, stale } = compareWithAllowlist(findings, allowlist, (file) => file.startsWith('app.asar:'));
    expect(unreviewed, 'new findings: fix them or add a reviewed entry to build/electronegativity-allowlist.json').toEqual([]);
    expect(stale, 'allowlist entries that match nothing any more: remove them').toEqual([]);
  }, 120_000);
});
