import type { Kysely } from 'kysely';
import type { CaseEventsTable, Database } from '../db/schema';

export async function findCaseEvent(db: Kysely<Database>, id: string): Promise<Pick<CaseEventsTable, 'body'> | undefined> {
  return db.selectFrom('case_events').select('body').where('id', '=', id).executeTakeFirst();
}

export async function insertCaseEvent(trx: Kysely<Database>, row: CaseEventsTable): Promise<void> {
  await trx.insertInto('case_events').values(row).execute();
}

/** Whether the village holds the case: any stored event of it (its creation comes first). */
export async function villageHoldsCase(db: Kysely<Database>, caseId: string, villageCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_events')
    .select('id')
    .where('case_id', '=', caseId)
    .where('village_code', '=', villageCode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The id of the case's creation event in any village, if one is stored. */
export async function findCaseCreationId(db: Kysely<Database>, caseId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('case_events')
    .select('id')
    .where('case_id', '=', caseId)
    .where('type', '=', 'created')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
