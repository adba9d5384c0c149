import type { KioskScope } from '../../../../shared/demo/manifest';
import type { County } from '../../../../shared/domain/place';
import type { KioskDatabase } from '../../db/schema';
import type { ParsedPage } from './parsePullPage';

/** What the kiosk already held before the page (read with the pull state, in one request). */
export interface StoredPlace {
  county: County | undefined;
  scope: KioskScope | undefined;
}

function lastOf<T>(changes: ReadonlyMap<string, T>): T | undefined {
  let last: T | undefined;
  for (const value of changes.values()) last = value;
  return last;
}

/**
 * The county record, the publication date ("data as of"), and the kiosk's scope once both the
 * county and the village are known. Writes are issued into `writes`, inside the page's transaction.
 */
export function applyMeta(db: KioskDatabase, page: ParsedPage, enrolledVillage: string | undefined, stored: StoredPlace, writes: Promise<unknown>[]): void {
  const publication = lastOf(page.changes('publication'));
  if (publication === null) writes.push(db.meta.delete('dataAsOf'));
  else if (publication !== undefined) writes.push(db.meta.put({ key: 'dataAsOf', value: publication.dataAsOf }));
  const countyChange = lastOf(page.changes('county'));
  if (countyChange === null) writes.push(db.meta.delete('county'));
  else if (countyChange !== undefined) writes.push(db.meta.put({ key: 'county', value: countyChange }));

  const county = countyChange === undefined ? stored.county : countyChange;
  const villageCode = enrolledVillage ?? villageOfPage(page) ?? stored.scope?.villageCode ?? null;
  if (!county || villageCode === null) return;
  const scope = scopeOf(county, villageCode);
  if (scope && (scope.villageCode !== stored.scope?.villageCode || scope.townshipCode !== stored.scope.townshipCode)) {
    writes.push(db.meta.put({ key: 'scope', value: scope }));
  }
}

function scopeOf(county: County, villageCode: string): KioskScope | null {
  const village = county.villages.find((v) => v.code === villageCode);
  return village ? { townshipCode: village.townshipCode, villageCode: village.code } : null;
}

/**
 * The county scopes a device's pull to its village, so a village-owned row names it. Used only
 * when the caller did not say which village the kiosk is enrolled in.
 */
function villageOfPage(page: ParsedPage): string | undefined {
  for (const row of page.changes('disbursement').values()) if (row) return row.villageCode;
  for (const project of page.changes('project').values()) if (project) return project.villageCode;
  return undefined;
}
