import { describe, expect, it } from 'vitest';
import {
  IPC_ERROR_CODES,
  appInfoSchema,
  channelFor,
  describeIssues,
  fail,
  getAppInfoRequestSchema,
  kioskContract,
  kioskMethodNames,
  messageOf,
  methodForChannel,
  ok,
  printPageRequestSchema,
  printPageResponseSchema,
} from '../../../shared/ipc/contract';

describe('IPC contract: methods and channels', () => {
  it('has exactly one contract entry per method name', () => {
    expect(Object.keys(kioskContract).sort()).toEqual([...kioskMethodNames].sort());
  });

  it('derives channel names from method names and back', () => {
    expect(channelFor('getAppInfo')).toBe('kiosk:getAppInfo');
    expect(channelFor('printPage')).toBe('kiosk:printPage');
    for (const method of kioskMethodNames) expect(methodForChannel(channelFor(method))).toBe(method);
  });

  it('does not map foreign or unknown channels to a method', () => {
    expect(methodForChannel('kiosk:deleteEverything')).toBeNull();
    expect(methodForChannel('other:getAppInfo')).toBeNull();
    expect(methodForChannel('getAppInfo')).toBeNull();
    expect(methodForChannel('kiosk:')).toBeNull();
  });
});

describe('IPC contract: schemas', () => {
  it('getAppInfo takes no argument', () => {
    expect(getAppInfoRequestSchema.safeParse(undefined).success).toBe(true);
    expect(getAppInfoRequestSchema.safeParse({}).success).toBe(false);
    expect(getAppInfoRequestSchema.safeParse(null).success).toBe(false);
  });

  it('app info is strict about its fields', () => {
    const good = { mode: 'electron', version: '0.1.0', platform: 'win32', kioskMode: true };
    expect(appInfoSchema.parse(good)).toEqual(good);
    expect(appInfoSchema.safeParse({ ...good, mode: 'node' }).success).toBe(false);
    expect(appInfoSchema.safeParse({ ...good, version: '' }).success).toBe(false);
    expect(appInfoSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
    expect(appInfoSchema.safeParse({ ...good, kioskMode: 'yes' }).success).toBe(false);
  });

  it('accepts job names of 1 to 80 characters, Chinese included', () => {
    expect(printPageRequestSchema.safeParse({ jobName: 'a' }).success).toBe(true);
    expect(printPageRequestSchema.safeParse({ jobName: '明'.repeat(80) }).success).toBe(true);
    expect(printPageRequestSchema.safeParse({ jobName: '明白卡 王小华 2024' }).success).toBe(true);
  });

  it('rejects empty, too long, control characters, wrong types and extra keys', () => {
    for (const bad of [
      { jobName: '' },
      { jobName: 'x'.repeat(81) },
      { jobName: 'line\nbreak' },
      { jobName: 'tab\there' },
      { jobName: 42 },
      {},
      { jobName: 'ok', printer: 'HP' },
      'ok',
      null,
      undefined,
    ]) {
      expect(printPageRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('print responses say whether the page was printed, nothing else', () => {
    expect(printPageResponseSchema.safeParse({ printed: false }).success).toBe(true);
    expect(printPageResponseSchema.safeParse({ printed: 'no' }).success).toBe(false);
    expect(printPageResponseSchema.safeParse({ printed: true, stack: 'x' }).success).toBe(false);
  });

  it('describes schema issues by field on one line', () => {
    const result = printPageRequestSchema.safeParse({ jobName: '', extra: 1 });
    expect(result.success).toBe(false);
    if (result.success) return;
    const text = describeIssues(result.error);
    expect(text).toContain('jobName');
    expect(text).not.toContain('\n');
    const whole = getAppInfoRequestSchema.safeParse(5);
    if (whole.success) throw new Error('expected a failure');
    expect(describeIssues(whole.error)).toMatch(/^request: /);
  });
});

describe('IPC results', () => {
  it('wraps values and errors as plain data', () => {
    expect(ok({ printed: true })).toEqual({ ok: true, value: { printed: true } });
    expect(fail(IPC_ERROR_CODES.printFailed, 'no printer')).toEqual({
      ok: false,
      error: { code: 'PRINT_FAILED', message: 'no printer' },
    });
  });

  it('reduces thrown values to a message without a stack', () => {
    const error = new Error('disk full');
    expect(messageOf(error)).toBe('disk full');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf({ weird: true })).toBe('unknown error');
    expect(messageOf(error)).not.toContain(' at ');
  });
});
