import { DIAGNOSTICS_ERROR_CODES, IPC_ERROR_CODES, reportedSyncStateSchema, type IpcError, type ReportedSyncState } from '../../../../shared/ipc/contract';
import type { SyncStatus } from '../../sync/engine/syncStatus';

/**
 * The sync worker's status as the diagnostics request reports it. The worker's timestamps are the
 * kiosk clock's display strings: one that is not an ISO time is left out rather than failing the
 * whole request. The engine does not keep the time of its last attempt, so that stays null.
 */
export function reportedSyncState(status: SyncStatus): ReportedSyncState {
  const isoOrNull = (value: string | null): string | null => (reportedSyncStateSchema.shape.lastSuccessAt.safeParse(value).success ? value : null);
  const error = status.lastErrorCode === null ? status.lastError : `${status.lastErrorCode}: ${status.lastError ?? ''}`;
  return {
    state: status.state,
    lastSuccessAt: isoOrNull(status.lastSuccessAt),
    lastAttemptAt: null,
    lastError: error === null ? null : error.slice(0, 4000),
    pendingUploads: status.pending,
  };
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A failed export or send in plain words; the detail (the county's own message) follows where it helps. */
export function diagnosticsErrorText(error: IpcError, t: Translate): string {
  switch (error.code) {
    case DIAGNOSTICS_ERROR_CODES.offline:
      return t('stationAdmin.diagnostics.errors.offline');
    case DIAGNOSTICS_ERROR_CODES.refused:
      return t('stationAdmin.diagnostics.errors.refused', { message: error.message });
    case DIAGNOSTICS_ERROR_CODES.notEnrolled:
      return t('stationAdmin.diagnostics.errors.notEnrolled');
    case IPC_ERROR_CODES.fileFailed:
      return t('stationAdmin.diagnostics.errors.file', { message: error.message });
    default:
      return t('stationAdmin.diagnostics.errors.other', { message: error.message });
  }
}
