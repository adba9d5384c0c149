import { getFromCounty } from './countyGet';
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
  const answer = await getFromCounty(url, { fetch: options.fetch, token: options.token, kioskVersion: kiosk.version, timeoutMs: options.timeoutMs });
  if (answer.kind === 'offline') return answer;
  return decideUpdate(answer, kiosk, options.refusedVersions ?? []);
}
