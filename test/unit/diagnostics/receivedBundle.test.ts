import { describe, expect, it } from 'vitest';
import { buildDiagnosticsBundle, type DiagnosticsInput } from '../../../shared/diagnostics/bundle';
import { parseReceivedBundle } from '../../../shared/diagnostics/receivedBundle';

const input: DiagnosticsInput = {
  createdAt: '2026-11-27T22:45:01Z',
  versions: { app: '0.1.0', platform: 'linux' },
  device: { enrolled: true, deviceId: '0193a5f2-7c3e-7a1b-9f00-123456789abc', villageCode: '341222100001', stationNo: 1, countyUrl: 'https://county.example.cn' },
  sync: { state: 'idle', lastSuccessAt: null, lastAttemptAt: null, lastError: 'timeout', pendingUploads: 0 },
  settings: { touchMode: true },
  logLines: ['[2026-11-27 10:00:00.000] [error] lookup 341222198705120417 failed'],
  errors: [],
};

describe('parseReceivedBundle', () => {
  it('accepts a kiosk’s bundle as it was built, with nothing left to redact', () => {
    const bundle = buildDiagnosticsBundle(input);
    // Through JSON, as it travels.
    const result = parseReceivedBundle(JSON.parse(JSON.stringify(bundle)));
    expect(result).toEqual({ ok: true, bundle, redactedAgain: 0 });
  });

  it('redacts again what a weaker kiosk let through', () => {
    const bundle = buildDiagnosticsBundle(input);
    const leaky = {
      ...bundle,
      logLines: ['户主:王小华 13812345678 341222198705120417'],
      errors: [{ at: null, message: '欧阳明 ****0417', stack: null }],
      sync: { ...bundle.sync, lastError: 'for 13912345678' },
    };
    const result = parseReceivedBundle(leaky);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.bundle.logLines).toEqual(['户主:[name] [phone] [id-number]']);
    expect(result.bundle.errors[0]?.message).toBe('[中文] [masked-number]');
    expect(result.bundle.sync.lastError).toBe('for [phone]');
    expect(result.redactedAgain).toBe(6);
  });

  it('rejects anything that is not a bundle: unknown fields, other formats, oversized lists', () => {
    const bundle = buildDiagnosticsBundle(input);
    expect(parseReceivedBundle({ ...bundle, token: 'secret' }).ok).toBe(false);
    expect(parseReceivedBundle({ ...bundle, device: { ...bundle.device, token: 'secret' } }).ok).toBe(false);
    expect(parseReceivedBundle({ ...bundle, format: 'other' }).ok).toBe(false);
    expect(parseReceivedBundle({ ...bundle, formatVersion: 2 }).ok).toBe(false);
    expect(parseReceivedBundle({ ...bundle, logLines: Array.from({ length: 2001 }, () => 'x') }).ok).toBe(false);
    expect(parseReceivedBundle({ ...bundle, logLines: ['x'.repeat(5000)] }).ok).toBe(false);
    const rejected = parseReceivedBundle('not json');
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) expect(rejected.problems.length).toBeGreaterThan(0);
  });
});
