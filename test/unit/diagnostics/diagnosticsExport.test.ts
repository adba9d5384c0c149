import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorsFromLogLines, exportDiagnostics, readRecentLogLines, type DiagnosticsFs } from '../../../electron/logic/diagnosticsExport';
import { logFileConfig } from '../../../electron/logic/diagnosticsLog';
import type { DiagnosticsInput } from '../../../shared/diagnostics/bundle';

const nodeFs: DiagnosticsFs = { existsSync, readFileSync, writeFileSync, statSync };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-diag-'));
  dirs.push(dir);
  return dir;
}

const input = (logLines: string[]): DiagnosticsInput => ({
  createdAt: '2026-11-27T22:45:01Z',
  versions: { app: '0.1.0', platform: 'win32' },
  device: { enrolled: false, deviceId: null, villageCode: null, stationNo: null, countyUrl: null },
  sync: { state: 'notEnrolled', lastSuccessAt: null, lastAttemptAt: null, lastError: null, pendingUploads: null },
  logLines,
  errors: errorsFromLogLines(logLines),
});

describe('reading the logs', () => {
  it('reads rotated files oldest first and keeps the newest lines', () => {
    const dir = tempDir();
    const config = { ...logFileConfig({ userDataDir: dir, isPackaged: true }), directory: dir, keepFiles: 3 };
    writeFileSync(join(dir, 'main.2.log'), 'a1\na2\n');
    writeFileSync(join(dir, 'main.1.log'), 'b1\r\nb2\r\n');
    writeFileSync(join(dir, 'main.log'), 'c1\n\nc2\n');
    expect(readRecentLogLines(nodeFs, config)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    expect(readRecentLogLines(nodeFs, config, 3)).toEqual(['b2', 'c1', 'c2']);
    expect(readRecentLogLines(nodeFs, { ...config, directory: join(dir, 'none') })).toEqual([]);
  });

  it('lists error-level lines as errors', () => {
    expect(
      errorsFromLogLines(['[2026-11-27 10:00:00.000] [info] fine', '[2026-11-27 10:00:01.000] [error] sync failed: ECONNRESET', 'continuation']),
    ).toEqual([{ at: null, message: 'sync failed: ECONNRESET', stack: null }]);
  });
});

describe('exportDiagnostics', () => {
  it('writes a redacted bundle into the chosen folder without overwriting an earlier one', () => {
    const stick = tempDir();
    const lines = ['[2026-11-27 10:00:01.000] [error] lookup 341222198705120417 姓名 王小华 failed'];
    const first = exportDiagnostics(nodeFs, stick, input(lines));
    const second = exportDiagnostics(nodeFs, stick, input(lines));
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.path).toBe(join(stick, 'diagnostics-unenrolled-20261127T224501Z.json'));
    expect(second.path).toBe(join(stick, 'diagnostics-unenrolled-20261127T224501Z-2.json'));
    expect(readdirSync(stick).sort()).toEqual(['diagnostics-unenrolled-20261127T224501Z-2.json', 'diagnostics-unenrolled-20261127T224501Z.json']);
    const written = readFileSync(first.path, 'utf8');
    expect(written).not.toContain('341222198705120417');
    expect(written).not.toContain('王小华');
    expect(JSON.parse(written)).toMatchObject({ errors: [{ message: 'lookup [id-number] 姓名 [name] failed' }] });
  });

  it('refuses a missing folder, a relative path or a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), '');
    expect(exportDiagnostics(nodeFs, join(dir, 'gone'), input([]))).toMatchObject({ ok: false, reason: 'folderMissing' });
    expect(exportDiagnostics(nodeFs, 'relative/stick', input([]))).toMatchObject({ ok: false, reason: 'folderMissing' });
    expect(exportDiagnostics(nodeFs, join(dir, 'file.txt'), input([]))).toMatchObject({ ok: false, reason: 'notAFolder' });
  });

  it('reports a write failure (a full or read-only stick) instead of throwing', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'stick'));
    const failing: DiagnosticsFs = {
      ...nodeFs,
      writeFileSync: () => {
        throw new Error('ENOSPC: no space left on device');
      },
    };
    expect(exportDiagnostics(failing, join(dir, 'stick'), input([]))).toEqual({ ok: false, reason: 'writeFailed', message: 'ENOSPC: no space left on device' });
  });
});
