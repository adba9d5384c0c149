import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithAllowlist, loadAllowlist, scanWithElectronegativity } from './support/electronegativity';

// Electronegativity over the shell's and the renderer's sources (.ts and .html; it does not read
// .vue files, whose compiled output is scanned inside app.asar by packagedApp.test.ts). Any
// finding must be fixed or listed, with the reason, in build/electronegativity-allowlist.json.

const repoRoot = resolve(__dirname, '..', '..', '..');
const allowlistPath = join(repoRoot, 'build', 'electronegativity-allowlist.json');

describe('the Electronegativity allowlist', () => {
  it('is well-formed: every entry names a check and a file and gives a reviewed reason', () => {
    expect(() => loadAllowlist(allowlistPath)).not.toThrow();
  });
});

describe('Electronegativity over the sources', () => {
  // One scan over both folders, as one app: its global checks (navigation limits, permission
  // handler, CSP) look across files, and the renderer alone has no main process to find them in.
  const copy = mkdtempSync(join(tmpdir(), 'kiosk-electronegativity-src-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('electron/ and renderer/ have no finding beyond the reviewed allowlist', async () => {
    for (const dir of ['electron', 'renderer']) cpSync(join(repoRoot, dir), join(copy, dir), { recursive: true });
    const { findings, parseErrors } = await scanWithElectronegativity(copy, '');
    expect(parseErrors).toEqual([]);
    // The scan read the shell: its main file produced findings to compare (see the allowlist).
    expect(findings.some((finding) => finding.file === 'electron/main.ts')).toBe(true);
    const { unreviewed, stale } = compareWithAllowlist(findings, loadAllowlist(allowlistPath), (file) => !file.startsWith('app.asar:'));
    expect(unreviewed, 'new findings: fix them or add a reviewed entry to build/electronegativity-allowlist.json').toEqual([]);
    expect(stale, 'allowlist entries that match nothing any more: remove them').toEqual([]);
  }, 120_000);
});

describe('the scan is live', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-electronegativity-canary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a window without context isolation and web security, which no entry allows', async () => {
    writeFileSync(
      join(dir, 'main.js'),
      "const { BrowserWindow } = require('electron');\n" +
        "new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, webSecurity: false } });\n",
    );
    const { findings } = await scanWithElectronegativity(dir, 'canary/');
    const checks = findings.map((finding) => finding.check);
    expect(checks).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(checks).toContain('WEB_SECURITY_JS_CHECK');
    const { unreviewed } = compareWithAllowlist(findings, loadAllowlist(allowlistPath), (file) => file.startsWith('canary/'));
    expect(unreviewed.some((line) => line.startsWith('WEB_SECURITY_JS_CHECK @ canary/main.js'))).toBe(true);
  }, 120_000);
});
