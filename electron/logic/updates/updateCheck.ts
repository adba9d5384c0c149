import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import { latestUpdateUrl } from './countyOrigin';
import { decideUpdate, type KioskIdentity, type UpdateDecision } from './updateDecision';

export interface CheckForUpdateOptions {
  fetch: typeof fetch;
  countyUrl: string;
  token: string;
  kiosk: KioskIdentity;
  /** Versions that failed to start here (rollback state); never offered again. */
  refusedVersions?: readonly string[];
  timeoutMs?: number;
}

export type CheckResult = UpdateDecision | { kind: 'offline'; reason: string };

/** Asks the enrolled county what is newer for this kiosk; an unreachable county is "offline", not an error. */
export async function checkForUpdate(options: CheckForUpdateOptions): Promise<CheckResult> {
  const { kiosk } = options;
  const url = latestUpdateUrl(options.countyUrl, {
    platform: kiosk.platform,
    arch: kiosk.arch,
    version: kiosk.version,
    ...(kiosk.format === undefined ? {} : { format: kiosk.format }),
  });
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', [KIOSK_VERSION_HEADER]: kiosk.version },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    return { kind: 'offline', reason: error instanceof Error ? error.message : String(error) };
  }
  let body: unknown;
  try {
    body = response.status === 204 ? undefined : await response.json();
  } catch {
    body = undefined;
  }
  return decideUpdate({ status: response.status, body }, kiosk, options.refusedVersions ?? []);
}
