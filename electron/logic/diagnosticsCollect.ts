import { diagnosticsDeviceOf, type DiagnosticsInput } from '../../shared/diagnostics/bundle';
import { reportedSyncStateSchema } from '../../shared/ipc/stationAdmin';
import type { SyncEnrollment } from '../../shared/ipc/syncEnrollment';
import type { UnattendedSettings } from '../../shared/unattended/settings';
import { errorsFromLogLines } from './diagnosticsExport';

/**
 * Assembles the bundle's input in main. Versions, enrollment, settings and logs are main's own; the
 * sync state lives in the renderer (the sync worker), so it arrives with the administrator's export
 * request and is parsed here like any other boundary input. A request without a usable sync state
 * still yields a bundle: a kiosk whose sync is broken is exactly the one that needs diagnosing.
 */


export interface DiagnosticsSources {
  now: Date;
  versions: DiagnosticsInput['versions'];
  enrollment: SyncEnrollment | null;
  /** As the renderer reported it: unknown until parsed. */
  reportedSync: unknown;
  settings: UnattendedSettings;
  logLines: string[];
}

export function collectDiagnosticsInput(sources: DiagnosticsSources): DiagnosticsInput {
  const sync = reportedSyncStateSchema.safeParse(sources.reportedSync);
  const { enrollment } = sources;
  return {
    createdAt: sources.now.toISOString(),
    versions: sources.versions,
    device: diagnosticsDeviceOf(enrollment),
    sync: sync.success
      ? sync.data
      : { state: sources.reportedSync === undefined || sources.reportedSync === null ? 'unknown' : 'unreadable', lastSuccessAt: null, lastAttemptAt: null, lastError: null, pendingUploads: null },
    settings: {
      openingHours: sources.settings.openingHours === null ? 'always' : `${sources.settings.openingHours.from}-${sources.settings.openingHours.to}`,
      touchMode: sources.settings.touchMode,
    },
    logLines: sources.logLines,
    errors: errorsFromLogLines(sources.logLines),
  };
}
