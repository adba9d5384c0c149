import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { CasesTable } from '../db/tables/cases';
import { projectCaseRow, type StoredEventRow } from './caseRow';
import { rebuildFeedbackQueue } from './feedbackQueue';

const CASE_PAGE = 500;
const INSERT_CHUNK = 400;

/**
 * Every created case's stored events, a page of cases at a time: case ids walked in order on the
 * one-creation-per-case index (its partial condition written as a literal, so SQLite can use it),
 * then their events by case id. Linear in the log, with bounded memory.
 */
async function* eventsByCase(db: Kysely<Database>): AsyncGenerator<StoredEventRow[]> {
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('case_events')
      .select('case_id')
      .where(sql<boolean>`type = 'created'`)
      .where('case_id', '>', after)
      .orderBy('case_id')
      .limit(CASE_PAGE)
      .execute();
    const caseIds = page.map((row) => row.case_id);
    if (caseIds.length === 0) return;
    const events = await db.selectFrom('case_events').select(['case_id', 'id', 'type', 'village_code', 'body', 'received_at']).where('case_id', 'in', caseIds).execute();
    const byCase = new Map<string, StoredEventRow[]>(caseIds.map((id) => [id, []]));
    for (const event of events) byCase.get(event.case_id)?.push(event);
    yield* byCase.values();
    after = caseIds.at(-1) as string;
  }
}

async function insertChunk(db: Kysely<Database>, rows: CasesTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('cases').values(rows).execute();
}

/** Recomputes the summary tables from the projection rows (after a backfill or a bulk load). */
export async function rebuildCaseSummaries(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('case_state_counts').execute();
  await sql`insert into case_state_counts (village_code, state, count)
    select village_code, state, count(*) from cases group by village_code, state`.execute(db);
  await db.deleteFrom('case_item_month_counts').execute();
  await sql`insert into case_item_month_counts (month, item_code, item_name, count)
    select substr(created_on, 1, 7), item_code, max(item_name), count(*) from cases group by substr(created_on, 1, 7), item_code`.execute(db);
}

/**
 * Rebuilds every projection from the stored events: the migration's backfill, and a repair tool.
 * Only cases whose creation is stored are projected (push and county writes store no others). Returns
 * the number of cases projected.
 */
export async function rebuildCaseProjections(db: Kysely<Database>): Promise<number> {
  await db.deleteFrom('cases').execute();
  let chunk: CasesTable[] = [];
  let projected = 0;
  for await (const events of eventsByCase(db)) {
    chunk.push(projectCaseRow(events));
    projected++;
    if (chunk.length >= INSERT_CHUNK) {
      await insertChunk(db, chunk);
      chunk = [];
    }
  }
  await insertChunk(db, chunk);
  await rebuildCaseSummaries(db);
  await rebuildFeedbackQueue(db);
  return projected;
}
