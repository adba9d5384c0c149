import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEB_INSTALL_HELPER } from '../../../../electron/logic/updates/installerLaunch';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');
const script = join(repoRoot, 'build', 'linux', 'install-update.sh');
const policy = readFileSync(join(repoRoot, 'build', 'linux', 'org.village-kiosk.install-update.policy'), 'utf8');
const packageName = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string }).name;
const hasDpkg = spawnSync('dpkg-deb', ['--version']).status === 0;
const machineArch = hasDpkg ? execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim() : 'amd64';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', [script, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!hasDpkg)('install-update (the root helper pkexec runs), in --check mode', () => {
  let dir: string;

  /** A real, tiny .deb built with dpkg-deb. */
  function buildDeb(name: string, fields: { package: string; arch?: string }): string {
    const root = join(dir, `${name}-root`);
    mkdirSync(join(root, 'DEBIAN'), { recursive: true });
    mkdirSync(join(root, 'opt', 'kiosk'), { recursive: true });
    writeFileSync(join(root, 'opt', 'kiosk', 'marker'), 'kiosk\n');
    writeFileSync(
      join(root, 'DEBIAN', 'control'),
      `Package: ${fields.package}\nVersion: 1.2.0\nArchitecture: ${fields.arch ?? machineArch}\nMaintainer: Test <test@example.invalid>\nDescription: test package\n`,
    );
    const deb = join(dir, `${name}.deb`);
    execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, deb], { stdio: 'ignore' });
    return deb;
  }

  let ours: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-install-update-'));
    ours = buildDeb('ours', { package: packageName });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts the kiosk's own package for this machine", () => {
    const result = run('--check', ours);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`would install ${packageName} 1.2.0 (${machineArch})`);
  });

  it('refuses another package, naming it', () => {
    const result = run('--check', buildDeb('other', { package: 'not-the-kiosk' }));
    expect(result.status).toBe(65);
    expect(result.stderr).toContain(`package 'not-the-kiosk' is not ${packageName}`);
  });

  it("refuses the kiosk's package built for another architecture", () => {
    const result = run('--check', buildDeb('foreign', { package: packageName, arch: machineArch === 'arm64' ? 'amd64' : 'arm64' }));
    expect(result.status).toBe(65);
    expect(result.stderr).toContain(`this machine is ${machineArch}`);
  });

  it('refuses a file that is not a Debian package despite its name', () => {
    const fake = join(dir, 'fake.deb');
    writeFileSync(fake, 'not an ar archive');
    const result = run('--check', fake);
    expect(result.status).toBe(65);
    expect(result.stderr).toContain('not a Debian package');
  });

  it('refuses a path not ending in .deb, even for a real package', () => {
    const renamed = join(dir, 'ours.bin');
    copyFileSync(ours, renamed);
    const result = run('--check', renamed);
    expect(result.status).toBe(65);
    expect(result.stderr).toContain('not a .deb file');
  });

  it('refuses a missing file, a folder and a symbolic link', () => {
    const missing = run('--check', join(dir, 'missing.deb'));
    expect(missing.status).toBe(66);
    expect(missing.stderr).toContain('no such file');

    const folder = join(dir, 'folder.deb');
    mkdirSync(folder);
    expect(run('--check', folder).status).toBe(65);

    const link = join(dir, 'link.deb');
    symlinkSync(ours, link);
    const linked = run('--check', link);
    expect(linked.status).toBe(65);
    expect(linked.stderr).toContain('symbolic link');
  });

  it('refuses anything but exactly one absolute path', () => {
    for (const args of [['--check'], ['--check', ours, ours], [ours, ours], []]) {
      const result = run(...args);
      expect(result.status, args.join(' ')).toBe(64);
      expect(result.stderr).toContain('expected exactly one .deb file');
    }
    const relative = run('--check', 'ours.deb');
    expect(relative.status).toBe(64);
    expect(relative.stderr).toContain('must be absolute');
  });

  it('leaves no copy behind in /tmp', () => {
    const before = spawnSync('sh', ['-c', 'ls -d /tmp/village-kiosk-update.* 2>/dev/null | wc -l'], { encoding: 'utf8' }).stdout.trim();
    run('--check', ours);
    run('--check', buildDeb('other2', { package: 'other' }));
    const after = spawnSync('sh', ['-c', 'ls -d /tmp/village-kiosk-update.* 2>/dev/null | wc -l'], { encoding: 'utf8' }).stdout.trim();
    expect(after).toBe(before);
  });
});

describe('the helper and its polkit action fit together', () => {
  it('checks for the package name electron-builder gives the deb (package.json name)', () => {
    // app-builder-lib's linuxPackageName is package.json's name unless it is scoped.
    const appInfo = readFileSync(createRequire(__filename).resolve('app-builder-lib/out/appInfo.js'), 'utf8');
    expect(appInfo).toMatch(/get linuxPackageName\(\)[\s\S]*?return name\.startsWith\("@"\)/);
    expect(packageName.startsWith('@')).toBe(false);
    expect(readFileSync(script, 'utf8')).toMatch(new RegExp(`^PACKAGE=${packageName}$`, 'm'));
  });

  it('is executable in the source tree (fpm keeps the mode in the package)', () => {
    expect(statSync(script).mode & 0o111).toBe(0o111);
  });

  it('lets only the active session run exactly the installed helper without a password', () => {
    expect(policy).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${DEB_INSTALL_HELPER}</annotate>`);
    expect(policy).toMatch(/<allow_active>yes<\/allow_active>/);
    expect(policy).toMatch(/<allow_any>auth_admin<\/allow_any>/);
    expect(policy).toMatch(/<allow_inactive>auth_admin<\/allow_inactive>/);
    expect(policy.match(/<action id=/g)).toHaveLength(1);
    expect(policy).toContain('<action id="org.village-kiosk.install-update">');
  });

  // .ci/run installs xmllint, so CI never skips this; a developer's machine without it does.
  it.skipIf(process.env.CI !== 'true' && spawnSync('xmllint', ['--version']).error !== undefined)('is well-formed XML (xmllint)', () => {
    const result = spawnSync('xmllint', ['--noout', '--nonet', join(repoRoot, 'build', 'linux', 'org.village-kiosk.install-update.policy')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
