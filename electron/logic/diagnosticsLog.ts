import { join } from 'node:path';
import { redactPersonalData } from '../../shared/diagnostics/redact';

/**
 * Rotating log files for a kiosk that runs for months: main.log grows to MAX bytes, then the files
 * shift (main.log → main.1.log → … → main.<keep-1>.log, the oldest dropped), so the disk use is
 * bounded at keepFiles × maxSizeBytes. electron-log's own rotation keeps a single .old file; its
 * archiveLogFn hook is replaced by rotateLogFiles below.
 */

export interface LogFileConfig {
  directory: string;
  fileName: string;
  maxSizeBytes: number;
  /** Files kept in total, the current one included. */
  keepFiles: number;
  fileLevel: 'error' | 'warn' | 'info' | 'verbose' | 'debug';
  consoleLevel: 'error' | 'warn' | 'info' | 'verbose' | 'debug' | false;
}

export const LOG_DIRECTORY_NAME = 'logs';
export const LOG_FILE_NAME = 'main.log';
export const LOG_MAX_SIZE_BYTES = 2 * 1024 * 1024;
export const LOG_KEEP_FILES = 5;

/** Logs live in userData/logs: one place a technician can find on every platform. */
export function logFileConfig(input: { userDataDir: string; isPackaged: boolean }): LogFileConfig {
  return {
    directory: join(input.userDataDir, LOG_DIRECTORY_NAME),
    fileName: LOG_FILE_NAME,
    maxSizeBytes: LOG_MAX_SIZE_BYTES,
    keepFiles: LOG_KEEP_FILES,
    // Development wants the chatter; a station's disk wants only what helps after a fault.
    fileLevel: input.isPackaged ? 'info' : 'debug',
    consoleLevel: input.isPackaged ? false : 'debug',
  };
}

/** main.log, main.1.log, … newest first. */
export function logFileNames(config: Pick<LogFileConfig, 'fileName' | 'keepFiles'>): string[] {
  const dot = config.fileName.lastIndexOf('.');
  const stem = dot > 0 ? config.fileName.slice(0, dot) : config.fileName;
  const extension = dot > 0 ? config.fileName.slice(dot) : '';
  return Array.from({ length: config.keepFiles }, (_, index) => (index === 0 ? config.fileName : `${stem}.${index}${extension}`));
}

export type RotationStep = { op: 'delete'; path: string } | { op: 'rename'; from: string; to: string };

/** The steps, in order, that make room for a fresh current file. */
export function rotationSteps(config: LogFileConfig): RotationStep[] {
  const paths = logFileNames(config).map((name) => join(config.directory, name));
  if (paths.length < 2) return paths[0] === undefined ? [] : [{ op: 'delete', path: paths[0] }];
  const steps: RotationStep[] = [{ op: 'delete', path: paths[paths.length - 1] as string }];
  for (let index = paths.length - 2; index >= 0; index--) {
    steps.push({ op: 'rename', from: paths[index] as string, to: paths[index + 1] as string });
  }
  return steps;
}

export interface RotationFs {
  existsSync(path: string): boolean;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
}

/** Runs the steps; a missing file is skipped (fewer files exist before the first rotations). */
export function rotateLogFiles(fs: RotationFs, config: LogFileConfig): void {
  for (const step of rotationSteps(config)) {
    if (step.op === 'delete') fs.rmSync(step.path, { force: true });
    else if (fs.existsSync(step.from)) fs.renameSync(step.from, step.to);
  }
}

/**
 * The part of electron-log's main logger this module sets, typed structurally so tests need no
 * Electron. Function slots take `never[]` so electron-log's richer signatures fit.
 */
export interface ConfigurableLog<Message extends { data: unknown[] }> {
  transports: {
    file: {
      level: string | false;
      maxSize: number;
      resolvePathFn: (...args: never[]) => string;
      archiveLogFn: (...args: never[]) => void;
    };
    console: { level: string | false };
  };
  hooks: ((message: Message) => Message | false)[];
}

export function configureLog<Message extends { data: unknown[] }>(log: ConfigurableLog<Message>, config: LogFileConfig, fs: RotationFs): void {
  log.transports.file.level = config.fileLevel;
  log.transports.file.maxSize = config.maxSizeBytes;
  log.transports.file.resolvePathFn = () => join(config.directory, config.fileName);
  log.transports.file.archiveLogFn = () => {
    try {
      rotateLogFiles(fs, config);
    } catch {
      // A file held open (antivirus, a technician's editor) blocks renames on Windows: dropping the
      // current file keeps the disk bounded, which matters more than its contents.
      try {
        fs.rmSync(join(config.directory, config.fileName), { force: true });
      } catch {
        // Nothing left to try; electron-log keeps appending and the next write tries again.
      }
    }
  };
  log.transports.console.level = config.consoleLevel;
  // Personal data should never be logged; if a message carries some anyway, it stops here.
  log.hooks.push((message) => ({ ...message, data: message.data.map(redactLogArgument) }));
}

export function redactLogArgument(value: unknown): unknown {
  if (typeof value === 'string') return redactPersonalData(value);
  if (value instanceof Error) {
    const copy = new Error(redactPersonalData(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactPersonalData(value.stack);
    return copy;
  }
  return value;
}
