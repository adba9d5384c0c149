import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkKioskBuilderConfig, LINUX_AUTOSTART_FILES, LINUX_UPDATE_FILES, SERVER_ONLY_PACKAGES } from '../../../build/builderPolicy';
import { DEB_INSTALL_HELPER } from '../../../electron/logic/updates/installerLaunch';
import { defaultExecutablePaths, SYSTEMD_UNIT_NAME, systemdUserUnit, WINDOWS_TASK_NAME, windowsScheduledTaskXml } from '../../../electron/logic/autostart';
import { WINDOWS_STATION_DATA_FOLDER } from '../../../electron/logic/launchOptions';

const repoRoot = resolve(__dirname, '..', '..', '..');
const configPath = join(repoRoot, 'build', 'electron-builder.config.cjs');
const require = createRequire(__filename);
// unknown until the policy schema has looked at it: it is a CommonJS file anyone can edit.
const config: unknown = require(configPath);
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

function mutated(change: (copy: Record<string, unknown>) => void): Record<string, unknown> {
  const copy = structuredClone({ ...(config as Record<string, unknown>), afterPack: undefined }) as Record<string, unknown>;
  copy.afterPack = (config as { afterPack: unknown }).afterPack;
  change(copy);
  return copy;
}

describe('the electron-builder config', () => {
  it("is the file package.json's dist script builds with, after building the app", () => {
    expect(pkg.scripts.dist).toMatch(/^npm run build && electron-builder .*--config build\/electron-builder\.config\.cjs/);
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 30_000);

  it('follows the kiosk packaging rules', () => {
    expect(checkKioskBuilderConfig(config)).toEqual({ ok: true });
  });

  it('type-checks against electron-builder\'s Configuration type (JSDoc, checkJs)', () => {
    const files = ['electron-builder.config.cjs', 'afterPack.cjs', 'electronFuses.cjs'].map((name) => join(repoRoot, 'build', name));
    const program = ts.createProgram(files, {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('the packaging rules reject', () => {
  const cases: Array<[string, (copy: Record<string, unknown>) => void, RegExp]> = [
    ['shipping node_modules', (c) => (c.files = [...(c.files as string[]), 'node_modules/**/*']), /^files:/],
    ['shipping the server', (c) => (c.files = ['!**/*', 'dist/electron/**/*', 'dist/renderer/**/*', 'server/**/*']), /^files:/],
    ['a loose app folder', (c) => (c.asar = false), /^asar:/],
    ['files outside the archive', (c) => (c.extraResources = ['demo/**']), /^extraResources:/],
    ['unpacked asar entries', (c) => (c.asarUnpack = ['**/*.node']), /^asarUnpack:/],
    ['asar integrity off', (c) => (c.disableAsarIntegrity = true), /^disableAsarIntegrity:/],
    ['no fuse hook', (c) => delete c.afterPack, /^afterPack:/],
    ['a second fuse mechanism', (c) => (c.electronFuses = { runAsNode: false }), /^electronFuses:/],
    ['a 32-bit Windows build', (c) => ((c.win as { target: unknown }).target = [{ target: 'nsis', arch: ['x64', 'ia32'] }]), /^win\.target/],
    ['a per-user installer', (c) => ((c.nsis as Record<string, unknown>).perMachine = false), /^nsis\.perMachine:/],
    ['a one-click installer (no start-at-login page)', (c) => ((c.nsis as Record<string, unknown>).oneClick = true), /^nsis\.oneClick:/],
    ['an installer without the autostart include', (c) => delete (c.nsis as Record<string, unknown>).include, /^nsis\.include:/],
    [
      'a deb for x64 only',
      (c) =>
        ((c.linux as { target: unknown }).target = [
          { target: 'deb', arch: ['x64'] },
          { target: 'AppImage', arch: ['x64', 'arm64'] },
        ]),
      /^linux\.target\.0\.arch:/,
    ],
    ['no AppImage', (c) => ((c.linux as { target: unknown }).target = [{ target: 'deb', arch: ['x64', 'arm64'] }]), /^linux\.target:/],
    ['a deb without the start-at-login unit', (c) => ((c.deb as { fpm: string[] }).fpm = (c.deb as { fpm: string[] }).fpm.slice(1)), /^deb\.fpm:/],
    [
      'a deb without the update helper',
      (c) => ((c.deb as { fpm: string[] }).fpm = (c.deb as { fpm: string[] }).fpm.filter((entry) => !entry.endsWith('/install-update'))),
      /^deb\.fpm:/,
    ],
    ['a deb that does not depend on pkexec', (c) => ((c.deb as { depends: string[] }).depends = ['libgtk-3-0', 'libnss3']), /^deb\.depends:/],
    ['a Chinese artifact name', (c) => (c.artifactName = '村务-${version}-${arch}.${ext}'), /^artifactName:/],
    ['an artifact name without the architecture', (c) => (c.artifactName = 'village-kiosk-${version}.${ext}'), /^artifactName:/],
  ];

  it.each(cases)('%s', (_name, change, expected) => {
    const result = checkKioskBuilderConfig(mutated(change));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.some((problem) => expected.test(problem)), result.problems.join('\n')).toBe(true);
  });
});

describe('the kiosk package itself', () => {
  it('depends on none of the county server packages (they live in the server workspace)', () => {
    const declared = Object.keys(pkg.dependencies);
    expect(declared.filter((name) => (SERVER_ONLY_PACKAGES as readonly string[]).includes(name))).toEqual([]);
  });
});

// makensis is not available here, so the include is checked for the structure electron-builder's
// NSIS templates need; that it compiles and that the task starts the kiosk is for a Windows build.
describe('the NSIS include (build/installer.nsh)', () => {
  const nsh = readFileSync(join(repoRoot, 'build', 'installer.nsh'), 'utf8');
  const code = nsh
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*;.*$/, ''))
    .join('\n');

  it('offers start at login as a checkbox on a page after the folder page', () => {
    expect(code).toMatch(/!macro customPageAfterChangeDir\s+Page custom KioskAutostartPageShow KioskAutostartPageLeave\s+!macroend/);
    expect(code).toMatch(/\$\{NSD_CreateCheckbox\}[^\n]*登录时自动启动/);
    expect(code).toMatch(/Function KioskAutostartPageLeave[\s\S]*\$\{NSD_GetState\} \$KioskAutostartCheckbox/);
  });

  it('creates a logon task for the installed executable only when chosen, and removes it on a real uninstall', () => {
    expect(code).toMatch(/!macro customInstall[\s\S]*?\$\{If\} \$KioskAutostartChoice == "1"[\s\S]*schtasks\.exe \/Create \/F \/TN "\$\{KIOSK_AUTOSTART_TASK\}" \/XML/);
    expect(code).toMatch(/<LogonTrigger>/);
    // PRODUCT_FILENAME is a command-line define; APP_EXECUTABLE_FILENAME would not exist yet where the function is read.
    expect(code).toMatch(/<Command>\$INSTDIR\\\$\{PRODUCT_FILENAME\}\.exe<\/Command>/);
    expect(code).not.toMatch(/Function[\s\S]*APP_EXECUTABLE_FILENAME[\s\S]*FunctionEnd/);
    expect(code).toMatch(/<ExecutionTimeLimit>PT0S<\/ExecutionTimeLimit>/);
    expect(code).toMatch(/!macro customUnInstall\s+\$\{IfNot\} \$\{isUpdated\}\s+nsExec::ExecToLog 'schtasks\.exe \/Delete \/F \/TN "\$\{KIOSK_AUTOSTART_TASK\}"'/);
  });

  it('creates the station folder for provisioning.json writable only by administrators and SYSTEM', () => {
    expect(code).toContain(`!define KIOSK_STATION_FOLDER "${WINDOWS_STATION_DATA_FOLDER}"`);
    const install = code.slice(code.indexOf('!macro customInstall'), code.indexOf('!macroend', code.indexOf('!macro customInstall')));
    expect(install).toContain('CreateDirectory "$COMMONAPPDATA\\${KIOSK_STATION_FOLDER}"');
    // Inheritance removed (ProgramData lets users add files); Administrators and SYSTEM full, Users read.
    expect(install).toMatch(/icacls\.exe "\$COMMONAPPDATA\\\$\{KIOSK_STATION_FOLDER\}" \/inheritance:r \/grant:r \*S-1-5-32-544:\(OI\)\(CI\)F \*S-1-5-18:\(OI\)\(CI\)F \*S-1-5-32-545:\(OI\)\(CI\)RX'/);
  });

  it('guards installer-only code from the uninstaller build (electron-builder compiles with -WX)', () => {
    const guarded = code.slice(code.indexOf('!ifndef BUILD_UNINSTALLER'), code.indexOf('!macro customUnInstall'));
    for (const name of ['Var KioskAutostartChoice', 'Function KioskAutostartPageShow', 'Function KioskWriteAutostartTaskXml', '!macro customInstall', '!macro customInit']) {
      expect(guarded).toContain(name);
    }
    const outside = code.replace(guarded, '');
    expect(outside).not.toMatch(/^\s*(Var|Function)\s/m);
  });

  it('lets silent installs and updates keep the earlier choice unless /AUTOSTART= is given', () => {
    expect(code).toMatch(/\$\{If\} \$\{Silent\}\s+\$\{OrIf\} \$\{isUpdated\}\s+StrCpy \$KioskAutostartChoice "keep"/);
    expect(code).toMatch(/\$\{GetOptions\} \$R0 "\/AUTOSTART=" \$R1/);
  });
});

// Linux start at login and crash restart: the deb installs a systemd user unit and an XDG autostart
// entry that starts it. Checked for consistency here; running them needs a UOS/Kylin desktop.
describe('the Linux start-at-login files the deb installs', () => {
  const fpm = (config as { deb: { fpm: string[] }; executableName: string }).deb.fpm;
  const executableName = (config as { executableName: string }).executableName;
  const sourceOf = (target: string): string => {
    const mapping = fpm.find((entry) => entry.endsWith(`=${target}`));
    if (!mapping) throw new Error(`no deb mapping to ${target}`);
    return mapping.slice(0, mapping.length - target.length - 1);
  };

  it('exist under build/linux/', () => {
    for (const target of LINUX_AUTOSTART_FILES) {
      const source = sourceOf(target);
      expect(source.startsWith(join(repoRoot, 'build', 'linux'))).toBe(true);
      expect(existsSync(source), source).toBe(true);
    }
  });

  it('install the update helper where the kiosk runs it, executable, and the polkit action naming exactly it', () => {
    const [helperTarget, policyTarget] = LINUX_UPDATE_FILES;
    expect(helperTarget).toBe(DEB_INSTALL_HELPER);
    // fpm keeps the source's mode; pkexec runs the helper directly, so it must be executable.
    expect(statSync(sourceOf(helperTarget)).mode & 0o111).toBe(0o111);
    const policy = readFileSync(sourceOf(policyTarget), 'utf8');
    expect(policy).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${DEB_INSTALL_HELPER}</annotate>`);
    expect(policyTarget.endsWith('/org.village-kiosk.install-update.policy')).toBe(true);
    expect(policy).toContain('<action id="org.village-kiosk.install-update">');
    // Password-free only for the station's active session; remote or inactive sessions need an administrator.
    expect(policy).toMatch(/<allow_any>auth_admin<\/allow_any>/);
    expect(policy).toMatch(/<allow_inactive>auth_admin<\/allow_inactive>/);
  });

  it('chain up: autostart entry → starter script → user unit → the installed executable', () => {
    const [unitTarget, scriptTarget, desktopTarget] = LINUX_AUTOSTART_FILES;
    const script = readFileSync(sourceOf(scriptTarget), 'utf8');
    const desktop = readFileSync(sourceOf(desktopTarget), 'utf8');
    expect(desktop).toMatch(new RegExp(`^Exec=sh ${scriptTarget.replaceAll('.', '\\.')}$`, 'm'));
    expect(desktop).toMatch(/^Type=Application$/m);
    expect(unitTarget.endsWith(`/${SYSTEMD_UNIT_NAME}`)).toBe(true);
    expect(script).toContain(`systemctl --user start ${SYSTEMD_UNIT_NAME}`);
    // Without a systemd user session: the /usr/bin link electron-builder's deb creates.
    expect(script).toContain(`exec /usr/bin/${executableName}`);
  });

  it('install the unit electron/logic/autostart.ts generates, for where the deb puts the kiosk', () => {
    const unit = readFileSync(sourceOf(LINUX_AUTOSTART_FILES[0]), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    const productName = (config as { productName: string }).productName;
    // electron-builder's deb installs into /opt/<productName>/.
    expect(unit).toBe(systemdUserUnit({ executablePath: defaultExecutablePaths(productName, executableName).linux }));
    expect(unit).toMatch(/^Restart=on-failure$/m);
  });
});

describe('the Windows start-at-login task the installer registers', () => {
  const nsh = readFileSync(join(repoRoot, 'build', 'installer.nsh'), 'utf8');

  /** What KioskWriteAutostartTaskXml writes, for a given $INSTDIR (NSIS string escapes undone). */
  function writtenXml(instDir: string, productFilename: string): string {
    return [...nsh.matchAll(/^\s*FileWriteUTF16LE (?:\/BOM )?\$R8 '(.*)'$/gm)]
      .map((match) => match[1] as string)
      .map((text) =>
        text
          .replaceAll('$\\r', '\r')
          .replaceAll('$\\n', '\n')
          .replaceAll('${PRODUCT_FILENAME}', productFilename)
          .replaceAll('$INSTDIR', instDir)
          .replaceAll('$$', '$'),
      )
      .join('');
  }

  it('is the task XML electron/logic/autostart.ts generates, under the same name', () => {
    const instDir = 'C:\\Program Files\\村务公开自助终端';
    expect(writtenXml(instDir, 'village-kiosk')).toBe(windowsScheduledTaskXml({ executablePath: `${instDir}\\village-kiosk.exe` }));
    expect(nsh).toMatch(new RegExp(`^!define KIOSK_AUTOSTART_TASK "${WINDOWS_TASK_NAME}"$`, 'm'));
    expect(nsh).toMatch(/FileWriteUTF16LE \/BOM \$R8 '<\?xml version="1\.0" encoding="UTF-16"\?>/);
  });
});
