import { DEFAULT_UPDATE_FORMAT, latestUpdateResponseSchema, type UpdateManifest } from '../../../shared/updates/manifest';
import { getFromCounty } from './countyGet';
import { updateReleaseUrl } from './countyOrigin';
import { recordVerifiedInstaller, type UpdateStoreFiles } from './installerArchive';
import { downloadUpdate } from './resumableDownload';
import type { KioskIdentity } from './updateDecision';

/**
 * The county's manifest of the version this kiosk runs now. A kiosk installed from a USB stick holds
 * no installer of its own version; it fetches this one before installing an update, so that a new
 * version that fails to start can be rolled back without the network.
 */
export type CurrentReleaseResult =
  | { kind: 'found'; manifest: UpdateManifest }
  /** The county never published this version (a pre-release build, or it was installed from elsewhere). */
  | { kind: 'unpublished' }
  | { kind: 'offline'; reason: string }
  | { kind: 'refuse'; reason: string };

export interface CurrentReleaseOptions {
  fetch: typeof fetch;
  countyUrl: string;
  token: string;
  kiosk: KioskIdentity;
  timeoutMs?: number;
}

export async function fetchCurrentRelease(options: CurrentReleaseOptions): Promise<CurrentReleaseResult> {
  const { kiosk } = options;
  const format = kiosk.format ?? DEFAULT_UPDATE_FORMAT[kiosk.platform];
  const url = updateReleaseUrl(options.countyUrl, { platform: kiosk.platform, arch: kiosk.arch, version: kiosk.version, format });
  const answer = await getFromCounty(url, { fetch: options.fetch, token: options.token, kioskVersion: kiosk.version, timeoutMs: options.timeoutMs });
  if (answer.kind === 'offline') return answer;
  if (answer.status === 404) return { kind: 'unpublished' };
  if (answer.status !== 200) return { kind: 'refuse', reason: `the county answered ${answer.status}` };
  const parsed = latestUpdateResponseSchema.safeParse(answer.body);
  if (!parsed.success) return { kind: 'refuse', reason: 'the county answered something that is not an update manifest' };
  const manifest = parsed.data.update;
  // Exactly this kiosk's build: anything else would "roll back" to something that never ran here.
  if (manifest.platform !== kiosk.platform || manifest.arch !== kiosk.arch || manifest.format !== format || manifest.version !== kiosk.version) {
    return { kind: 'refuse', reason: `the county answered ${manifest.version} for ${manifest.platform}/${manifest.arch}/${manifest.format}` };
  }
  return { kind: 'found', manifest };
}

export type RunningInstallerResult =
  | { kind: 'kept'; path: string }
  /** Nothing to keep (not published, refused, or its file failed verification): install without it. */
  | { kind: 'unavailable'; reason: string }
  /** Offline or interrupted: try again on a later tick. */
  | { kind: 'later' };

/** Fetches, verifies and records the running version's installer (see recordVerifiedInstaller). */
export async function fetchRunningInstaller(
  options: CurrentReleaseOptions & { files: UpdateStoreFiles; dir: string },
): Promise<RunningInstallerResult> {
  const release = await fetchCurrentRelease(options);
  if (release.kind === 'offline') return { kind: 'later' };
  if (release.kind === 'unpublished') return { kind: 'unavailable', reason: 'the county never published it' };
  if (release.kind === 'refuse') return { kind: 'unavailable', reason: release.reason };
  const { fetch, files, countyUrl, token, dir, kiosk } = options;
  const download = await downloadUpdate({ fetch, files, countyUrl, token, manifest: release.manifest, dir, kioskVersion: kiosk.version });
  if (download.kind === 'interrupted') return { kind: 'later' };
  if (download.kind !== 'ready') return { kind: 'unavailable', reason: download.kind === 'rejected' ? download.reason : `the county answered ${download.status}` };
  await recordVerifiedInstaller(files, dir, release.manifest);
  return { kind: 'kept', path: download.path };
}
