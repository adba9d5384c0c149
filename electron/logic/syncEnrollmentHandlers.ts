import { requestEnrollment, type PostJson } from '../../shared/ipc/enrollCall';
import { ENROLL_ERROR_CODES, type SyncEnrollment } from '../../shared/ipc/syncEnrollment';
import { KioskIpcError, type KioskHandlers } from './ipcRouter';
import type { SyncCredentialStore } from './syncCredentialStore';

/** The IPC methods of county enrollment, in the main process (the token never leaves it unasked). */
export type SyncEnrollmentMethods = 'enrollDevice' | 'getSyncCredentials' | 'forgetEnrollment';

export interface SyncEnrollmentDeps {
  store: SyncCredentialStore;
  postJson: PostJson;
  now: () => Date;
  /** Told after every change, so main can widen (or narrow back) the CSP's connect-src. */
  onEnrollmentChanged: (enrollment: SyncEnrollment | null) => void;
}

export function createSyncEnrollmentHandlers<C>(deps: SyncEnrollmentDeps): Pick<KioskHandlers<C>, SyncEnrollmentMethods> {
  return {
    enrollDevice: async (request) => {
      // Checked before the request: a one-time code spent on a kiosk that cannot keep the token is lost.
      if (!deps.store.canStore()) {
        throw new KioskIpcError(ENROLL_ERROR_CODES.storageFailed, 'this computer offers no encryption for stored secrets; the kiosk cannot keep a county token');
      }
      const result = await requestEnrollment(request, deps.postJson, deps.now());
      if (!result.ok) throw new KioskIpcError(result.error.code, result.error.message);
      try {
        await deps.store.write(result.value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new KioskIpcError(ENROLL_ERROR_CODES.storageFailed, `enrolled, but the token could not be saved (${reason}); ask the county for a new code`);
      }
      deps.onEnrollmentChanged(result.value.enrollment);
      return result.value.enrollment;
    },
    getSyncCredentials: () => deps.store.read(),
    forgetEnrollment: async () => {
      const forgotten = await deps.store.forget();
      deps.onEnrollmentChanged(null);
      return { forgotten };
    },
  };
}
