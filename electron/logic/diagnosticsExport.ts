import { isAbsolute, join } from 'node:path';
import { buildDiagnosticsBundle, diagnosticsBundleJson, diagnosticsFileName, MAX_LOG_LINES, type DiagnosticsBundle, type DiagnosticsInput } from '../../shared/diagnostics/bundle';
import { logFileNames, type LogFileConfig } from './diagnosticsLog';

/**
 * Gathers what the diagnostics bundle needs from the main process (log files, versions) and writes
 * the bundle to the folder the administrator picked (a USB stick). File access is injected so the
 * tests run on a fake; main passes node:fs.
 */

export interface DiagnosticsFs {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string, options: { encoding: 'utf8'; flag: 'wx' }): void;
  statSync(path: string): { isDirectory(): boolean };
}

/** The newest `maxLines` lines over all rotated files, oldest first. */
export function readRecentLogLines(fs: Pick<DiagnosticsFs, 'existsSync' | 'readFileSync'>, config: LogFileConfig, maxLines = MAX_LOG_LINES): string[] {
  const oldestFirst = logFileNames(config)
    .map((name) => join(config.directory, name))
    .reverse();
  const lines: string[] = [];
  for (const path of oldestFirst) {
    if (!fs.existsSync(path)) continue;
    for (const line of fs.readFileSync(path, 'utf8').split(/\r?\n/)) if (line !== '') lines.push(line);
  }
  return lines.slice(-maxLines);
}

// electron-log's default line: "[2026-11-27 22:45:01.123] [error] message".
const ERROR_LINE = /^\[[^\]]*\]\s*\[error\]\s*(.*)$/;

/** Error-level lines, as the bundle's error list (the log's local timestamps carry no zone, so `at` stays null). */
export function errorsFromLogLines(lines: readonly string[]): { at: null; message: string; stack: null }[] {
  const errors: { at: null; message: string; stack: null }[] = [];
  for (const line of lines) {
    const match = ERROR_LINE.exec(line);
    if (match) errors.push({ at: null, message: match[1] ?? '', stack: null });
  }
  return errors;
}

export type ExportResult = { ok: true; path: string; bundle: DiagnosticsBundle } | { ok: false; reason: 'folderMissing' | 'notAFolder' | 'writeFailed'; message: string };

/**
 * Writes the bundle into `folder`. Never overwrites (flag wx): two exports in the same second get
 * distinct names by a counter, and a file of the same name on the stick is not someone's to lose.
 */
export function exportDiagnostics(fs: DiagnosticsFs, folder: string, input: DiagnosticsInput): ExportResult {
  if (!isAbsolute(folder) || !fs.existsSync(folder)) return { ok: false, reason: 'folderMissing', message: `no such folder: ${folder}` };
  if (!fs.statSync(folder).isDirectory()) return { ok: false, reason: 'notAFolder', message: `not a folder: ${folder}` };
  const bundle = buildDiagnosticsBundle(input);
  const json = diagnosticsBundleJson(bundle);
  const baseName = diagnosticsFileName(bundle);
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 10; attempt++) {
    const name = attempt === 0 ? baseName : baseName.replace(/\.json$/, `-${attempt + 1}.json`);
    const path = join(folder, name);
    if (fs.existsSync(path)) continue;
    try {
      fs.writeFileSync(path, json, { encoding: 'utf8', flag: 'wx' });
      return { ok: true, path, bundle };
    } catch (error) {
      lastError = error;
    }
  }
  return { ok: false, reason: 'writeFailed', message: lastError instanceof Error ? lastError.message : 'every file name was taken' };
}
