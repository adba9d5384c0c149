import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import { DEFAULT_UPDATE_FORMAT, latestUpdateResponseSchema, type UpdateManifest } from '../../../shared/updates/manifest';
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
  if (response.status === 404) return { kind: 'unpublished' };
  if (response.status !== 200) return { kind: 'refuse', reason: `the county answered ${response.status}` };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = latestUpdateResponseSchema.safeParse(body);
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
