import { latestUpdatePath, updateFilePath, updateReleasePath, type LatestUpdateQuery } from '../../../shared/updates/manifest';

/**
 * "Never an update from anywhere but the enrolled county": every update address is built from the
 * enrolled county URL (canonical, from the credential store), and any address is checked against
 * it again before a request leaves, with redirects refused. A manifest carries no URL to follow.
 */
export class ForeignUpdateOriginError extends Error {
  override name = 'ForeignUpdateOriginError';
}

/** The county URL's path prefix (a county behind a reverse proxy) with the API path under it. */
function underCounty(countyUrl: string, apiPath: string): string {
  return `${countyUrl.replace(/\/+$/, '')}${apiPath}`;
}

export function latestUpdateUrl(countyUrl: string, query: LatestUpdateQuery): string {
  return assertFromCounty(underCounty(countyUrl, latestUpdatePath(query)), countyUrl);
}

/** The manifest of one exact version: how a kiosk installed from USB fetches its previous version to go back. */
export function updateReleaseUrl(countyUrl: string, query: LatestUpdateQuery): string {
  return assertFromCounty(underCounty(countyUrl, updateReleasePath(query)), countyUrl);
}

export function updateFileUrl(countyUrl: string, id: string): string {
  return assertFromCounty(underCounty(countyUrl, updateFilePath(id)), countyUrl);
}

/**
 * Same scheme, host and port as the county, and under its path prefix followed by the updates API.
 * Compared on parsed URLs, so tricks like "https://county.example@evil.example/" or a path that
 * climbs out with /../ do not pass.
 */
export function assertFromCounty(url: string, countyUrl: string): string {
  let target: URL;
  let county: URL;
  try {
    target = new URL(url);
    county = new URL(countyUrl);
  } catch {
    throw new ForeignUpdateOriginError(`not a valid address: ${url}`);
  }
  if (target.origin !== county.origin || target.username !== '' || target.password !== '') {
    throw new ForeignUpdateOriginError(`update address ${target.origin} is not the enrolled county ${county.origin}`);
  }
  const prefix = `${county.pathname.replace(/\/+$/, '')}/api/v1/updates/`;
  // URL normalises dot segments, so a climbing path is already resolved here and fails the prefix.
  if (!target.pathname.startsWith(prefix)) {
    throw new ForeignUpdateOriginError(`update address ${target.pathname} is outside the county's updates API`);
  }
  return target.toString();
}
