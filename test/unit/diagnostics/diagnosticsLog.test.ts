import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configureLog,
  LOG_KEEP_FILES,
  LOG_MAX_SIZE_BYTES,
  logFileConfig,
  logFileNames,
  redactLogArgument,
  rotateLogFiles,
  rotationSteps,
  type ConfigurableLog,
  type RotationFs,
} from '../../../electron/logic/diagnosticsLog';

const nodeFs: RotationFs = { existsSync, renameSync, rmSync };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('log file configuration', () => {
  it('bounds the disk: a few MB per file, five files, in userData/logs', () => {
    const config = logFileConfig({ userDataDir: '/data/kiosk', isPackaged: true });
    expect(config).toEqual({
      directory: join('/data/kiosk', 'logs'),
      fileName: 'main.log',
      maxSizeBytes: LOG_MAX_SIZE_BYTES,
      keepFiles: LOG_KEEP_FILES,
      fileLevel: 'info',
      consoleLevel: false,
    });
    expect(config.maxSizeBytes * config.keepFiles).toBeLessThanOrEqual(20 * 1024 * 1024);
    expect(logFileConfig({ userDataDir: '/d', isPackaged: false })).toMatchObject({ fileLevel: 'debug', consoleLevel: 'debug' });
  });

  it('names the rotated files after the current one', () => {
    expect(logFileNames({ fileName: 'main.log', keepFiles: 3 })).toEqual(['main.log', 'main.1.log', 'main.2.log']);
    expect(logFileNames({ fileName: 'kiosk', keepFiles: 2 })).toEqual(['kiosk', 'kiosk.1']);
  });

  it('plans the shift from the oldest down', () => {
    const config = { ...logFileConfig({ userDataDir: '/d', isPackaged: true }), keepFiles: 3 };
    const at = (name: string): string => join(config.directory, name);
    expect(rotationSteps(config)).toEqual([
      { op: 'delete', path: at('main.2.log') },
      { op: 'rename', from: at('main.1.log'), to: at('main.2.log') },
      { op: 'rename', from: at('main.log'), to: at('main.1.log') },
    ]);
    expect(rotationSteps({ ...config, keepFiles: 1 })).toEqual([{ op: 'delete', path: at('main.log') }]);
  });

  it('rotates real files: keeps keepFiles, drops the oldest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-logs-'));
    dirs.push(dir);
    const config = { ...logFileConfig({ userDataDir: dir, isPackaged: true }), directory: dir, keepFiles: 3 };
    for (let generation = 1; generation <= 5; generation++) {
      writeFileSync(join(dir, 'main.log'), `generation ${generation}\n`);
      rotateLogFiles(nodeFs, config);
    }
    expect(existsSync(join(dir, 'main.log'))).toBe(false);
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe('generation 5\n');
    expect(readFileSync(join(dir, 'main.2.log'), 'utf8')).toBe('generation 4\n');
    expect(existsSync(join(dir, 'main.3.log'))).toBe(false);
  });
});

describe('configureLog', () => {
  type Message = { data: unknown[]; level: string };
  function fakeLog(): ConfigurableLog<Message> {
    return {
      transports: { file: { level: 'silly', maxSize: 0, resolvePathFn: () => '', archiveLogFn: () => undefined }, console: { level: 'silly' } },
      hooks: [],
    };
  }

  it('sets levels, size, path and our rotation on electron-log', () => {
    const calls: string[] = [];
    const fs: RotationFs = {
      existsSync: () => true,
      renameSync: (from, to) => calls.push(`rename ${from} ${to}`),
      rmSync: (path) => calls.push(`rm ${path}`),
    };
    const config = { ...logFileConfig({ userDataDir: '/d', isPackaged: true }), keepFiles: 2 };
    const log = fakeLog();
    configureLog(log, config, fs);
    expect(log.transports.file.level).toBe('info');
    expect(log.transports.file.maxSize).toBe(LOG_MAX_SIZE_BYTES);
    expect(log.transports.console.level).toBe(false);
    expect(log.transports.file.resolvePathFn()).toBe(join('/d', 'logs', 'main.log'));
    log.transports.file.archiveLogFn();
    expect(calls).toEqual([`rm ${join('/d', 'logs', 'main.1.log')}`, `rename ${join('/d', 'logs', 'main.log')} ${join('/d', 'logs', 'main.1.log')}`]);
  });

  it('drops the current file when renaming fails (a file held open on Windows)', () => {
    const removed: string[] = [];
    const fs: RotationFs = {
      existsSync: () => true,
      renameSync: () => {
        throw new Error('EBUSY');
      },
      rmSync: (path) => removed.push(path),
    };
    const log = fakeLog();
    configureLog(log, logFileConfig({ userDataDir: '/d', isPackaged: true }), fs);
    expect(() => log.transports.file.archiveLogFn()).not.toThrow();
    expect(removed[removed.length - 1]).toBe(join('/d', 'logs', 'main.log'));
  });

  it('redacts personal data from every message before any transport writes it', () => {
    const log = fakeLog();
    configureLog(log, logFileConfig({ userDataDir: '/d', isPackaged: true }), nodeFs);
    const hook = log.hooks[0];
    if (!hook) throw new Error('no hook');
    const result = hook({ level: 'error', data: ['lookup 341222198705120417 for 13812345678', new Error('户主:王小华'), 42] });
    expect(result).not.toBe(false);
    if (result === false) return;
    expect(result.level).toBe('error');
    expect(result.data[0]).toBe('lookup [id-number] for [phone]');
    expect((result.data[1] as Error).message).toBe('户主:[name]');
    expect((result.data[1] as Error).stack).not.toContain('王小华');
    expect(result.data[2]).toBe(42);
  });

  it('passes non-text arguments through', () => {
    const object = { a: 1 };
    expect(redactLogArgument(object)).toBe(object);
    expect(redactLogArgument(null)).toBeNull();
  });
});
