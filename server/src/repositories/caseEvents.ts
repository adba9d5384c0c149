import type { Kysely } from 'kysely';
import type { CaseEventsTable, Database } from '../db/schema';

export async function findCaseEvent(db: Kysely<Database>, id: string): Promise<Pick<CaseEventsTable, 'body'> | undefined> {
  return db.selectFrom('case_events').select('body').where('id', '=', id).executeTakeFirst();
}

/**
 * Inserts the event unless its id, or a creation of the same case, is already stored, and says
 * whether it did. ON CONFLICT DO NOTHING rather than check-then-insert: two devices pushing the
 * same id at once would otherwise both pass the check and one batch would fail on the unique key;
 * here PostgreSQL makes the second wait for the first and then reports "not inserted".
 */
export async function insertCaseEvent(trx: Kysely<Database>, row: CaseEventsTable): Promise<boolean> {
  const result = await trx.insertInto('case_events').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
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

/** The village whose kiosk created the case, if any village did. */
export async function findCaseVillage(db: Kysely<Database>, caseId: string): Promise<string | undefined> {
  const row = await db.selectFrom('case_events').select('village_code').where('case_id', '=', caseId).where('type', '=', 'created').executeTakeFirst();
  return row?.village_code;
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

export interface CaseCreation {
  id: string;
  caseId: string;
  villageCode: string;
}

/** The creations bearing a receipt number: one, normally; more if two kiosks of a village issued the same. */
export async function findCreationsByReceipt(db: Kysely<Database>, receiptNo: string): Promise<CaseCreation[]> {
  const rows = await db.selectFrom('case_events').select(['id', 'case_id', 'village_code']).where('receipt_no', '=', receiptNo).where('type', '=', 'created').execute();
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, villageCode: r.village_code }));
}

/** Every stored event body of the case, for folding. */
export async function listCaseEventBodies(db: Kysely<Database>, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_events').select('body').where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((r) => r.body);
}

/**
 * Locks the case for the rest of the transaction (PostgreSQL row lock on its creation event), so
 * two county users moving the same case one after the other fold each other's event.
 */
export async function lockCase(trx: Kysely<Database>, creationId: string): Promise<void> {
  await trx.updateTable('case_events').set((eb) => ({ received_at: eb.ref('received_at') })).where('id', '=', creationId).execute();
}
