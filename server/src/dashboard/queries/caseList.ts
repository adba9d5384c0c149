import type { Kysely, SelectQueryBuilder } from 'kysely';
import { isOverdue } from '../../../../shared/cases/transitions';
import type { CaseState } from '../../../../shared/domain/case';
import type { CaseRow, CasesPage, CasesQuery } from '../../../../shared/dashboard/cases';
import type { Database } from '../../db/schema';
import type { CasesTable } from '../../db/tables/cases';
import { decodeCursor, encodeCursor } from './keysetCursor';
import { villageNames } from './villageNames';

type CasesSelect = SelectQueryBuilder<Database, 'cases', Pick<CasesTable, 'received_at' | 'id'>>;

export function toCaseRow(row: CasesTable, villageName: string, today: string): CaseRow {
  return {
    id: row.id,
    receiptNo: row.receipt_no,
    villageCode: row.village_code,
    villageName,
    itemCode: row.item_code,
    itemName: row.item_name,
    state: row.state as CaseState,
    applicantNameMasked: row.applicant_name_masked,
    createdOn: row.created_on,
    deadline: row.deadline,
    overdue: isOverdue({ deadline: row.deadline, state: row.state as CaseState }, today),
    updatedAt: row.updated_at,
  };
}

/** The overdue filter is shared isOverdue in SQL: open (is_open is 1 exactly when not settled) and past its deadline. */
function applyFilters(query: CasesSelect, filters: CasesQuery, today: string): CasesSelect {
  let q = query;
  if (filters.village !== undefined) q = q.where('village_code', '=', filters.village);
  if (filters.item !== undefined) q = q.where('item_code', '=', filters.item);
  if (filters.state !== undefined) q = q.where('state', '=', filters.state);
  if (filters.overdue === true) q = q.where('is_open', '=', 1).where('deadline', '<', today);
  if (filters.overdue === false) q = q.where((eb) => eb.or([eb('is_open', '=', 0), eb('deadline', '>=', today)]));
  if (filters.from !== undefined) q = q.where('created_on', '>=', filters.from);
  if (filters.to !== undefined) q = q.where('created_on', '<=', filters.to);
  return q;
}

/**
 * The total is read from the per-village state counts, so it is offered only for the filters
 * those counts answer (none, village, state); the others would need a count over the cases table.
 */
async function cheapTotal(db: Kysely<Database>, filters: CasesQuery): Promise<number | undefined> {
  const countable = filters.item === undefined && filters.overdue === undefined && filters.from === undefined && filters.to === undefined;
  if (!countable) return undefined;
  let q = db.selectFrom('case_state_counts').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), eb.lit(0)).as('total'));
  if (filters.village !== undefined) q = q.where('village_code', '=', filters.village);
  if (filters.state !== undefined) q = q.where('state', '=', filters.state);
  const row = await q.executeTakeFirst();
  return Number(row?.total ?? 0);
}

/**
 * GET /cases: newest received first, keyset-paged on (received_at, id). Two steps: the page's keys
 * first, which an index covers whichever one the planner picks (so a range it must sort is
 * sorted as bare keys, never as whole rows), then the page's rows by primary key.
 */
export async function listCases(db: Kysely<Database>, filters: CasesQuery, today: string): Promise<CasesPage> {
  let query = applyFilters(db.selectFrom('cases').select(['received_at', 'id']), filters, today);
  if (filters.cursor !== undefined) {
    const after = decodeCursor(filters.cursor);
    query = query.where((eb) => eb(eb.refTuple('received_at', 'id'), '<', eb.tuple(after.at, after.id)));
  }
  const keys = await query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(filters.limit + 1).execute();
  const pageKeys = keys.slice(0, filters.limit);
  const stored = pageKeys.length === 0 ? [] : await db.selectFrom('cases').selectAll().where('id', 'in', pageKeys.map((key) => key.id)).execute();
  const byId = new Map(stored.map((row) => [row.id, row]));
  const page = pageKeys.flatMap((key) => byId.get(key.id) ?? []);
  const names = await villageNames(db, page.map((row) => row.village_code));
  const last = pageKeys.at(-1);
  const nextCursor = keys.length > filters.limit && last !== undefined ? encodeCursor({ at: last.received_at, id: last.id }) : null;
  const total = await cheapTotal(db, filters);
  return {
    rows: page.map((row) => toCaseRow(row, names.get(row.village_code) ?? row.village_code, today)),
    nextCursor,
    ...(total === undefined ? {} : { total }),
  };
}
