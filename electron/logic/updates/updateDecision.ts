import {
  DEFAULT_UPDATE_FORMAT,
  latestUpdateResponseSchema,
  type UpdateArch,
  type UpdateFormat,
  type UpdateManifest,
  type UpdatePlatform,
} from '../../../shared/updates/manifest';
import { compareSemver, semverSchema } from '../../../shared/updates/semver';

/** What this kiosk is: the county's answer must be for exactly this. */
export interface KioskIdentity {
  version: string;
  platform: UpdatePlatform;
  arch: UpdateArch;
  /** Omitted: the platform's default (an AppImage kiosk says 'appimage'). */
  format?: UpdateFormat | undefined;
}

export type UpdateDecision =
  | { kind: 'none' }
  | { kind: 'download'; manifest: UpdateManifest }
  | { kind: 'refuse'; reason: string };

/**
 * Whether to take what the county answered. The server already filters, but the kiosk checks again:
 * a misconfigured proxy or an old server must never make it install another platform's file, an
 * older version (a downgrade is what rollback does, deliberately, and only that), or a version that
 * already failed to start here.
 */
export function decideUpdate(
  answer: { status: number; body: unknown },
  kiosk: KioskIdentity,
  refusedVersions: readonly string[] = [],
): UpdateDecision {
  if (answer.status === 204) return { kind: 'none' };
  if (answer.status !== 200) return { kind: 'refuse', reason: `the county answered ${answer.status}` };
  const parsed = latestUpdateResponseSchema.safeParse(answer.body);
  if (!parsed.success) return { kind: 'refuse', reason: 'the county answered something that is not an update manifest' };
  const manifest = parsed.data.update;
  const current = semverSchema.parse(kiosk.version);
  const format = kiosk.format ?? DEFAULT_UPDATE_FORMAT[kiosk.platform];
  if (manifest.platform !== kiosk.platform || manifest.arch !== kiosk.arch || manifest.format !== format) {
    return { kind: 'refuse', reason: `the update is for ${manifest.platform}/${manifest.arch}/${manifest.format}, this kiosk is ${kiosk.platform}/${kiosk.arch}/${format}` };
  }
  if (compareSemver(manifest.version, current) <= 0) return { kind: 'none' };
  if (manifest.minVersion !== undefined && compareSemver(current, manifest.minVersion) < 0) {
    return { kind: 'refuse', reason: `${manifest.version} needs at least ${manifest.minVersion}; this kiosk runs ${current}` };
  }
  if (refusedVersions.includes(manifest.version)) {
    return { kind: 'refuse', reason: `${manifest.version} failed to start on this kiosk before and was rolled back` };
  }
  return { kind: 'download', manifest };
}
