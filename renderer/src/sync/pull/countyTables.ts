import type { Table } from 'dexie';
import type { KioskDatabase, MetaKey } from '../../db/schema';
import type { ParsedPage } from './parsePullPage';
import { refoldCase } from './applyVillageAnswers';

/** The tables a pull fills and an epoch change empties. Village-owned tables are never among them. */
export function countyTables(db: KioskDatabase): Table[] {
  return [db.programs, db.disbursements, db.households, db.programSummaries, db.projects, db.notices, db.serviceItems, db.holidays];
}

/** Meta records that came from the county; 'scope' stays (it is the enrolled village's). */
const COUNTY_META: MetaKey[] = ['dataAsOf', 'county', 'pull'];

/** Empties the county-owned data, inside the caller's transaction over countyTables + meta. */
export async function clearCountyData(db: KioskDatabase): Promise<void> {
  for (const table of countyTables(db)) await table.clear();
  await db.meta.bulkDelete(COUNTY_META);
}

/**
 * The county restored a backup: what it held of this kiosk may be gone. Every outbox entry goes
 * back to pending under its own seq (the county skips the ones it still holds, and a rejected one
 * is judged again), and the county data is emptied so the next pull starts a fresh snapshot.
 * The county's own writes on village records go too — its events on cases (each case folded again
 * from the village's events) and its answers to tickets — since the restored county may no longer
 * hold them; the fresh snapshot brings back whatever it still has, so the kiosk ends equal to it.
 * Inside the caller's transaction over countyTables + meta + outbox + caseEvents + cases + feedback.
 */
export async function resetForNewEpoch(db: KioskDatabase): Promise<void> {
  await clearCountyData(db);
  await db.outbox.toCollection().modify({ state: 'pending', rejection: null });
  const countyEvents = await db.caseEvents.filter((e) => e.author.kind === 'county').toArray();
  await db.caseEvents.bulkDelete(countyEvents.map((e) => e.id));
  for (const caseId of new Set(countyEvents.map((e) => e.caseId))) await refoldCase(db, caseId);
  await db.feedback.filter((f) => f.answer !== null).modify({ answer: null, state: 'open' });
}

/** Exactly the tables a page writes, so the agent's screens are not held up by a pull they do not read. */
export function tablesForPage(db: KioskDatabase, page: ParsedPage): Table[] {
  const tables = new Set<Table>([db.meta]);
  if (page.has('program') || page.has('disbursement')) for (const t of [db.programs, db.disbursements, db.households, db.programSummaries]) tables.add(t);
  if (page.has('project')) tables.add(db.projects);
  if (page.has('notice')) tables.add(db.notices);
  if (page.has('serviceItem')) tables.add(db.serviceItems);
  if (page.has('holiday')) tables.add(db.holidays);
  if (page.has('caseEvent')) for (const t of [db.caseEvents, db.cases]) tables.add(t);
  if (page.has('feedbackAnswer')) tables.add(db.feedback);
  return [...tables];
}
