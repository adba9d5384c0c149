import { describe, expect, it } from 'vitest';
import { collectDiagnosticsInput, type DiagnosticsSources } from '../../../electron/logic/diagnosticsCollect';
import { buildDiagnosticsBundle, diagnosticsBundleJson } from '../../../shared/diagnostics/bundle';
import { DEFAULT_UNATTENDED_SETTINGS } from '../../../shared/unattended/settings';

const enrollment = {
  countyUrl: 'https://county.example.cn',
  deviceId: '0193a5f2-7c3e-7a1b-9f00-123456789abc',
  villageCode: '341222100001',
  deviceName: '张家村服务站一号机',
  enrolledAt: '2026-11-01T08:00:00+08:00',
  epoch: 3,
  stationNo: 2,
};

const sources = (overrides: Partial<DiagnosticsSources> = {}): DiagnosticsSources => ({
  now: new Date('2026-11-27T22:45:01Z'),
  versions: { app: '0.1.0', platform: 'win32', electron: '45.5.0' },
  enrollment,
  reportedSync: { state: 'idle', lastSuccessAt: '2026-11-27T20:00:00Z', lastAttemptAt: null, lastError: 'HTTP 503 from county', pendingUploads: 0 },
  settings: DEFAULT_UNATTENDED_SETTINGS,
  logLines: ['[2026-11-27 10:00:00.000] [info] started', '[2026-11-27 10:00:01.000] [error] pull failed: ETIMEDOUT'],
  ...overrides,
});

describe('collectDiagnosticsInput', () => {
  it('takes device facts from the enrollment, never its name, and errors from the log', () => {
    const input = collectDiagnosticsInput(sources());
    expect(input.device).toEqual({ enrolled: true, deviceId: enrollment.deviceId, villageCode: '341222100001', stationNo: 2, countyUrl: 'https://county.example.cn' });
    expect(JSON.stringify(input)).not.toContain('张家村');
    expect(input.errors).toEqual([{ at: null, message: 'pull failed: ETIMEDOUT', stack: null }]);
    expect(input.settings).toEqual({ openingHours: '07:30-20:00', touchMode: false });
    expect(input.createdAt).toBe('2026-11-27T22:45:01.000Z');
    // The result is a valid bundle input.
    expect(buildDiagnosticsBundle(input).sync.lastError).toBe('HTTP 503 from county');
  });

  it('still builds a bundle when the renderer reports no or a malformed sync state', () => {
    expect(collectDiagnosticsInput(sources({ reportedSync: undefined })).sync.state).toBe('unknown');
    const odd = collectDiagnosticsInput(sources({ reportedSync: { state: 'idle', token: 'x'.repeat(40) } }));
    expect(odd.sync).toEqual({ state: 'unreadable', lastSuccessAt: null, lastAttemptAt: null, lastError: null, pendingUploads: null });
    expect(diagnosticsBundleJson(buildDiagnosticsBundle(odd))).not.toContain('x'.repeat(40));
  });

  it('describes an unenrolled kiosk and round-the-clock hours', () => {
    const input = collectDiagnosticsInput(sources({ enrollment: null, settings: { openingHours: null, touchMode: true } }));
    expect(input.device).toEqual({ enrolled: false, deviceId: null, villageCode: null, stationNo: null, countyUrl: null });
    expect(input.settings).toEqual({ openingHours: 'always', touchMode: true });
  });
});
