import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { isMaskedIdNumber, looksLikeFullIdNumber, maskIdNumber } from '../../../../shared/privacy/masking';
import type { KioskDatabase, StoredDisbursement, StoredHousehold } from '../schema';

export const HOUSEHOLD_RESULT_LIMIT = 50;

export interface HouseholdStatementLine {
  row: StoredDisbursement;
  program: FundProgram;
}

export interface HouseholdStatementYear {
  year: number;
  lines: HouseholdStatementLine[];
  dueFen: number;
  paidFen: number;
}

export interface HouseholdStatement {
  household: StoredHousehold;
  /** Newest year first; lines by program, then period. */
  years: HouseholdStatementYear[];
  /** failed / pending / returned count lines, so the screen can say what needs the agent. */
  totals: { dueFen: number; paidFen: number; failed: number; pending: number; returned: number };
}

function compareHouseholds(a: StoredHousehold, b: StoredHousehold): number {
  return a.villageCode.localeCompare(b.villageCode) || a.group - b.group || a.householdNo.localeCompare(b.householdNo);
}

function sorted(households: StoredHousehold[]): StoredHousehold[] {
  return households.sort(compareHouseholds);
}

/**
 * Households whose head's initials start with the typed letters (WX finds 王小华 WXH). The
 * closest matches come first in the index (exact initials before longer ones), so the limit
 * keeps those; the page is then ordered by village, group and household number.
 */
export async function findHouseholdsByInitials(db: KioskDatabase, initials: string, limit = HOUSEHOLD_RESULT_LIMIT): Promise<StoredHousehold[]> {
  const prefix = initials.toUpperCase().replace(/[^A-Z]/g, '');
  if (prefix === '') return [];
  return sorted(await db.households.where('initials').startsWith(prefix).limit(limit).toArray());
}

/** Six digits: that household number (in every village of the scope); fewer: numbers starting so. */
export async function findHouseholdsByNumber(db: KioskDatabase, householdNo: string, limit = HOUSEHOLD_RESULT_LIMIT): Promise<StoredHousehold[]> {
  const digits = householdNo.trim();
  if (!/^\d{1,6}$/.test(digits)) return [];
  const matches = digits.length === 6 ? db.households.where('householdNo').equals(digits) : db.households.where('householdNo').startsWith(digits);
  return sorted(await matches.limit(limit).toArray());
}

/** By the last four characters of the head's ID number (the last may be X). */
export async function findHouseholdsByIdLast4(db: KioskDatabase, last4: string, limit = HOUSEHOLD_RESULT_LIMIT): Promise<StoredHousehold[]> {
  const key = last4.trim().toUpperCase();
  if (!/^\d{3}[\dX]$/.test(key)) return [];
  return sorted(await db.households.where('idLast4').equals(key).limit(limit).toArray());
}

/**
 * By a full ID number (an ID-card reader's input). Only the masked form is stored, so two
 * people whose numbers share the first 6 and last 4 both come back; the resident picks.
 */
export async function findHouseholdsByFullId(db: KioskDatabase, fullId: string, limit = HOUSEHOLD_RESULT_LIMIT): Promise<StoredHousehold[]> {
  const id = fullId.trim().toUpperCase();
  if (!looksLikeFullIdNumber(id) && !isMaskedIdNumber(id)) return [];
  return sorted(await db.households.where('idMasked').equals(maskIdNumber(id)).limit(limit).toArray());
}

export function getHousehold(db: KioskDatabase, key: string): Promise<StoredHousehold | undefined> {
  return db.households.get(key);
}

function compareLines(a: HouseholdStatementLine, b: HouseholdStatementLine): number {
  return a.row.programId.localeCompare(b.row.programId) || a.row.period - b.row.period;
}

/** Everything a household received, by year; null when no such household is stored. */
export async function getHouseholdStatement(db: KioskDatabase, key: string): Promise<HouseholdStatement | null> {
  const household = await db.households.get(key);
  if (!household) return null;
  const rows = await db.disbursements.where('householdKey').equals(key).toArray();
  const programIds = Array.from(new Set(rows.map((r) => r.programId)));
  const programs = new Map<string, FundProgram>();
  (await db.programs.bulkGet(programIds)).forEach((p) => p && programs.set(p.id, p));

  const years = new Map<number, HouseholdStatementYear>();
  const totals = { dueFen: 0, paidFen: 0, failed: 0, pending: 0, returned: 0 };
  for (const row of rows) {
    const program = programs.get(row.programId);
    // A row without its program can only exist while an import is being written: it is left out until done.
    if (!program) continue;
    let year = years.get(row.year);
    if (!year) years.set(row.year, (year = { year: row.year, lines: [], dueFen: 0, paidFen: 0 }));
    year.lines.push({ row, program });
    year.dueFen += row.dueFen;
    year.paidFen += row.paidFen;
    totals.dueFen += row.dueFen;
    totals.paidFen += row.paidFen;
    if (row.status === 'failed' || row.status === 'pending' || row.status === 'returned') totals[row.status]++;
  }
  const byYear = Array.from(years.values()).sort((a, b) => b.year - a.year);
  for (const year of byYear) year.lines.sort(compareLines);
  return { household, years: byYear, totals };
}
