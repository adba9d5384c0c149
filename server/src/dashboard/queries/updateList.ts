import type { Kysely } from 'kysely';
import { updateListResponseSchema, type UpdateListResponse, type UpdateReleaseSummary, type UpdateRollout } from '../../../../shared/dashboard/updates';
import { UPDATE_ARCHES, UPDATE_PLATFORMS } from '../../../../shared/updates/manifest';
import { compareSemver, parseSemver } from '../../../../shared/updates/semver';
import type { Database } from '../../db/schema';
import { listAllUpdates } from '../../services/updates/updateRows';

/**
 * How many active stations last reported each version (null: none reported yet), by the platform
 * and arch they last asked updates for (null: they never asked).
 */
export interface VersionCount {
  platform: string | null;
  arch: string | null;
  version: string | null;
  count: number;
}

/**
 * Newest version first, as kiosks rank them (a fix to an older line published later still sorts
 * under the newer line); within one version the latest published first, then by target so the
 * order never depends on the database.
 */
export function orderReleases(releases: readonly UpdateReleaseSummary[]): UpdateReleaseSummary[] {
  return [...releases].sort(
    (a, b) =>
      compareSemver(b.version, a.version) ||
      (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0) ||
      a.platform.localeCompare(b.platform) ||
      a.arch.localeCompare(b.arch) ||
      a.format.localeCompare(b.format),
  );
}

/**
 * Per (platform, arch) with a release: its newest version (over all its formats) against the
 * versions of the active stations that asked for updates as that platform and arch. A reported
 * text that is no semantic version (the header check is looser than semver) counts as unknown
 * rather than being guessed at.
 */
export function summariseRollout(releases: readonly UpdateReleaseSummary[], versions: readonly VersionCount[]): UpdateRollout[] {
  const rollout: UpdateRollout[] = [];
  for (const platform of UPDATE_PLATFORMS) {
    for (const arch of UPDATE_ARCHES) {
      let latest: string | null = null;
      for (const release of releases) {
        if (release.platform !== platform || release.arch !== arch) continue;
        if (latest === null || compareSemver(release.version, latest) > 0) latest = release.version;
      }
      if (latest === null) continue;
      const row: UpdateRollout = { platform, arch, latestVersion: latest, current: 0, older: 0, newer: 0, unknown: 0 };
      for (const { platform: askedPlatform, arch: askedArch, version, count } of versions) {
        if (askedPlatform !== platform || askedArch !== arch) continue;
        if (version === null || parseSemver(version) === null) row.unknown += count;
        else {
          const order = compareSemver(version, latest);
          if (order === 0) row.current += count;
          else if (order < 0) row.older += count;
          else row.newer += count;
        }
      }
      rollout.push(row);
    }
  }
  return rollout;
}

/** Stations that never said which platform they are: no row can claim them. */
export function countPlatformNotReported(versions: readonly VersionCount[]): number {
  return versions.reduce((sum, entry) => (entry.platform === null || entry.arch === null ? sum + entry.count : sum), 0);
}

async function readReleases(db: Kysely<Database>): Promise<UpdateReleaseSummary[]> {
  // listAllUpdates parses every row: a hand-edited row fails loudly instead of reaching the page half-wrong.
  return (await listAllUpdates(db)).map((manifest) => ({ ...manifest, minVersion: manifest.minVersion ?? null }));
}

async function readActiveVersions(db: Kysely<Database>): Promise<VersionCount[]> {
  const rows = await db
    .selectFrom('devices')
    .select((eb) => ['update_platform', 'update_arch', 'app_version', eb.fn.countAll<number | string>().as('n')])
    .where('revoked_at', 'is', null)
    .groupBy(['update_platform', 'update_arch', 'app_version'])
    .execute();
  return rows.map((row) => ({ platform: row.update_platform, arch: row.update_arch, version: row.app_version, count: Number(row.n) }));
}

/**
 * The dashboard's updates page. A county publishes a handful of files a year and has at most a
 * few hundred stations, so everything is read and ranked in code (semver order is not SQL order).
 */
export async function listUpdates(db: Kysely<Database>): Promise<UpdateListResponse> {
  const releases = orderReleases(await readReleases(db));
  const versions = await readActiveVersions(db);
  return updateListResponseSchema.parse({
    releases,
    rollout: summariseRollout(releases, versions),
    activeDevices: versions.reduce((sum, entry) => sum + entry.count, 0),
    platformNotReported: countPlatformNotReported(versions),
  });
}
