import { describe, expect, it } from 'vitest';
import { diagnosticsErrorText, reportedSyncState } from '../../../renderer/src/components/agent/diagnosticsText';
import { reportedSyncStateSchema } from '../../../shared/ipc/contract';
import { NOT_ENROLLED_STATUS } from '../../../renderer/src/sync/engine/syncStatus';

describe('reportedSyncState', () => {
  it('maps the worker status into what the diagnostics request accepts', () => {
    expect(reportedSyncStateSchema.parse(reportedSyncState(NOT_ENROLLED_STATUS))).toEqual({
      state: 'notEnrolled',
      lastSuccessAt: null,
      lastAttemptAt: null,
      lastError: null,
      pendingUploads: 0,
    });
    const failing = { ...NOT_ENROLLED_STATUS, state: 'error' as const, pending: 4, lastSuccessAt: '2026-11-27T01:00:00.000Z', lastErrorCode: 'network' as const, lastError: 'fetch failed' };
    expect(reportedSyncState(failing)).toEqual({ state: 'error', lastSuccessAt: '2026-11-27T01:00:00.000Z', lastAttemptAt: null, lastError: 'network: fetch failed', pendingUploads: 4 });
  });

  it('drops a timestamp that is not ISO rather than failing the request', () => {
    const odd = reportedSyncState({ ...NOT_ENROLLED_STATUS, state: 'idle', lastSuccessAt: '27/11/2026 09:00' });
    expect(odd.lastSuccessAt).toBeNull();
    expect(reportedSyncStateSchema.safeParse(odd).success).toBe(true);
  });
});

describe('diagnosticsErrorText', () => {
  const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`;
  it('names each failure in its own words, with the county message for a refusal', () => {
    expect(diagnosticsErrorText({ code: 'DIAGNOSTICS_OFFLINE', message: 'ECONNREFUSED' }, t)).toBe('stationAdmin.diagnostics.errors.offline');
    expect(diagnosticsErrorText({ code: 'DIAGNOSTICS_REFUSED', message: 'DEVICE_REVOKED: gone' }, t)).toBe('stationAdmin.diagnostics.errors.refused{"message":"DEVICE_REVOKED: gone"}');
    expect(diagnosticsErrorText({ code: 'DIAGNOSTICS_NOT_ENROLLED', message: '' }, t)).toBe('stationAdmin.diagnostics.errors.notEnrolled');
    expect(diagnosticsErrorText({ code: 'FILE_FAILED', message: 'EROFS' }, t)).toBe('stationAdmin.diagnostics.errors.file{"message":"EROFS"}');
    expect(diagnosticsErrorText({ code: 'INTERNAL', message: 'boom' }, t)).toBe('stationAdmin.diagnostics.errors.other{"message":"boom"}');
  });
});
