import type { CaseState } from '../../../../shared/domain/case';
import { parseTrackingInput } from '../../../../shared/cases/receiptNo';
import { getMeta } from '../queries/meta';
import type { KioskDatabase } from '../schema';
import type { StoredCase } from '../villageRecords';

/** Read-only case lookups for the agent's lists and the resident's tracking screen. */

export const SEARCH_LIMIT = 50;

export async function getCase(db: KioskDatabase, id: string): Promise<StoredCase | undefined> {
  return db.cases.get(id);
}

export async function findCaseByLocalNo(db: KioskDatabase, localNo: string): Promise<StoredCase | undefined> {
  return db.cases.where('localNo').equals(localNo).first();
}

export async function findCaseByReceiptNo(db: KioskDatabase, receiptNo: string): Promise<StoredCase | undefined> {
  return db.cases.where('receiptNo').equals(receiptNo.trim().toUpperCase()).first();
}

/** Cases opened on a kiosk-calendar day, in receipt order. */
export async function listCasesCreatedOn(db: KioskDatabase, day: string): Promise<StoredCase[]> {
  const rows = await db.cases.where('createdDay').equals(day).toArray();
  return rows.sort((a, b) => a.receiptNo.localeCompare(b.receiptNo));
}

/** Cases in one state, nearest deadline first. */
export async function listCasesInState(db: KioskDatabase, state: CaseState): Promise<StoredCase[]> {
  return db.cases.where('state').equals(state).sortBy('deadline');
}

/** Receipt number (full or its 9-digit local part), ID last 4, or the start of the applicant's name. */
export async function searchCases(db: KioskDatabase, text: string): Promise<StoredCase[]> {
  const query = text.trim();
  if (query === '') return [];
  const tracking = parseTrackingInput(query);
  if (tracking) {
    const found = await findCaseByLocalNo(db, tracking.localNo);
    return found && (tracking.kind === null || tracking.kind === 'DB') ? [found] : [];
  }
  if (/^\d{3}[\dXx]$/.test(query)) {
    return db.cases.where('applicantIdLast4').equals(query.toUpperCase()).limit(SEARCH_LIMIT).toArray();
  }
  return db.cases.where('applicantName').startsWith(query).limit(SEARCH_LIMIT).toArray();
}

/** How many village groups (村民小组) this kiosk's village has, when the county data says so. */
export async function villageGroupCount(db: KioskDatabase): Promise<number | null> {
  const scope = await getMeta(db, 'scope');
  const county = await getMeta(db, 'county');
  const village = county?.villages.find((v) => v.code === scope?.villageCode);
  return village?.groups ?? null;
}
