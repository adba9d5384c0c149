import {
  ENROLL_ERROR_CODES,
  IPC_ERROR_CODES,
  enrollDeviceRequestSchema,
  type KioskBridge,
  type SyncEnrollment,
} from '../../../shared/ipc/contract';
import { getDeviceId, saveStationNo } from '../db/repositories/settings';
import type { KioskDatabase } from '../db/schema';
import { requeueWholeOutbox } from './pushOutbox';

/**
 * Enrolling this kiosk with the county (DESIGN.md §4), as the administrator's settings screen does
 * it: check the form, let the bridge POST the code with this kiosk's permanent author id (the
 * author of every case event it wrote, before enrollment too) and keep the token (Electron's main
 * process, or IndexedDB in web mode), keep the station number the county gave it (the first digit
 * of its receipt sequences), then queue the whole outbox again for the new device.
 */

/** Why enrolling failed, in the terms the screen explains (sync.enroll.errors.* in the i18n files). */
export type EnrollFailure =
  | 'invalidCountyUrl'
  | 'invalidCode'
  | 'invalidDeviceName'
  | 'network'
  | 'notCountyServer'
  | 'codeUnknown'
  | 'codeUsed'
  | 'codeExpired'
  | 'authorIdTaken'
  | 'villageFull'
  | 'rateLimited'
  | 'refused'
  | 'serverError'
  | 'storageFailed'
  | 'unsupported'
  | 'unexpected';

export type EnrollKioskResult =
  | { ok: true; enrollment: SyncEnrollment }
  /** `detail`: the technical one-liner (county message, field problem) shown under the plain words. */
  | { ok: false; failure: EnrollFailure; detail: string };

export interface EnrollKioskInput {
  countyUrl: string;
  code: string;
  deviceName: string;
}

export interface EnrollmentDeps {
  bridge: KioskBridge;
  /** The kiosk database: its author id is sent, its outbox re-queued. */
  db: KioskDatabase;
}

const FAILURE_BY_CODE: Record<string, EnrollFailure> = {
  [ENROLL_ERROR_CODES.network]: 'network',
  [ENROLL_ERROR_CODES.notCountyServer]: 'notCountyServer',
  [ENROLL_ERROR_CODES.codeUnknown]: 'codeUnknown',
  [ENROLL_ERROR_CODES.codeUsed]: 'codeUsed',
  [ENROLL_ERROR_CODES.codeExpired]: 'codeExpired',
  [ENROLL_ERROR_CODES.authorIdTaken]: 'authorIdTaken',
  [ENROLL_ERROR_CODES.villageFull]: 'villageFull',
  [ENROLL_ERROR_CODES.rateLimited]: 'rateLimited',
  [ENROLL_ERROR_CODES.refused]: 'refused',
  [ENROLL_ERROR_CODES.serverError]: 'serverError',
  [ENROLL_ERROR_CODES.storageFailed]: 'storageFailed',
  [IPC_ERROR_CODES.unsupported]: 'unsupported',
};

const FIELD_FAILURES: Record<keyof EnrollKioskInput, EnrollFailure> = {
  countyUrl: 'invalidCountyUrl',
  code: 'invalidCode',
  deviceName: 'invalidDeviceName',
};

/**
 * Codes are read off a screen or a slip: people type them in lower case, with spaces or dashes
 * between groups. The county's codes are letters and digits only, upper case.
 */
export function normalizeEnrollmentCode(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}

export async function enrollKiosk(input: EnrollKioskInput, deps: EnrollmentDeps): Promise<EnrollKioskResult> {
  const request = {
    countyUrl: input.countyUrl.trim(),
    code: normalizeEnrollmentCode(input.code),
    deviceName: input.deviceName.trim(),
    authorId: await getDeviceId(deps.db),
  };
  // Checked here first, with the bridge's own schema, so the screen can point at the field at fault.
  const parsed = enrollDeviceRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    const failure = typeof field === 'string' && field in FIELD_FAILURES ? FIELD_FAILURES[field as keyof EnrollKioskInput] : 'unexpected';
    return { ok: false, failure, detail: issue?.message ?? 'invalid' };
  }

  let result: Awaited<ReturnType<KioskBridge['enrollDevice']>>;
  try {
    result = await deps.bridge.enrollDevice(request);
  } catch (error) {
    return { ok: false, failure: 'unexpected', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!result.ok) return { ok: false, failure: FAILURE_BY_CODE[result.error.code] ?? 'unexpected', detail: result.error.message };

  try {
    await saveStationNo(deps.db, result.value.stationNo);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: 'unexpected', detail: `enrolled, but the station number could not be kept (${reason}); enrol again with a new code` };
  }

  // The county knows this kiosk as a new device now, whose push cursor starts at 0 while the
  // outbox's seqs run on (a re-enrollment after "forget" or with a new code): the county must get
  // everything from seq 1, or it would wait for the gap forever. It keeps what it already holds by
  // record id (same content: accepted again), and the new device's audit chain is complete.
  try {
    await requeueWholeOutbox(deps.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: 'unexpected', detail: `enrolled, but the records to send could not be queued again (${reason}); enrol again with a new code` };
  }
  return { ok: true, enrollment: result.value };
}

/** The kiosk's enrollment (without the token), or null when it is not enrolled or the bridge cannot say. */
export async function readEnrollment(bridge: KioskBridge): Promise<SyncEnrollment | null> {
  const result = await bridge.getSyncCredentials();
  return result.ok && result.value ? result.value.enrollment : null;
}

/**
 * Forgets the token (the county keeps the device until staff revoke it). The author id stays: the
 * next enrollment sends it again, so events written so far are still this kiosk's.
 */
export async function forgetKioskEnrollment(bridge: KioskBridge): Promise<{ ok: true; forgotten: boolean } | { ok: false; detail: string }> {
  const result = await bridge.forgetEnrollment();
  return result.ok ? { ok: true, forgotten: result.value.forgotten } : { ok: false, detail: result.error.message };
}
