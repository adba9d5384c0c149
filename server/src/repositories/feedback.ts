import type { Kysely } from 'kysely';
import type { Database, FeedbackTable } from '../db/schema';

export async function findFeedback(db: Kysely<Database>, id: string): Promise<Pick<FeedbackTable, 'body'> | undefined> {
  return db.selectFrom('feedback').select('body').where('id', '=', id).executeTakeFirst();
}

/** Inserts unless the id is stored (see insertCaseEvent for why not check-then-insert); says whether it did. */
export async function insertFeedback(trx: Kysely<Database>, row: FeedbackTable): Promise<boolean> {
  const result = await trx.insertInto('feedback').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export interface StoredTicket {
  id: string;
  villageCode: string;
}

/** The tickets bearing a number: one, normally; more if two kiosks of a village issued the same. */
export async function findFeedbackByTicket(db: Kysely<Database>, ticketNo: string): Promise<StoredTicket[]> {
  const rows = await db.selectFrom('feedback').select(['id', 'village_code']).where('ticket_no', '=', ticketNo).execute();
  return rows.map((r) => ({ id: r.id, villageCode: r.village_code }));
}

/** Keeps the latest answer: answering again replaces it (and its change supersedes the old one). */
export async function saveFeedbackAnswer(trx: Kysely<Database>, feedbackId: string, body: string, answeredAt: string): Promise<void> {
  await trx
    .insertInto('feedback_answers')
    .values({ feedback_id: feedbackId, body, answered_at: answeredAt })
    .onConflict((oc) => oc.column('feedback_id').doUpdateSet({ body, answered_at: answeredAt }))
    .execute();
}
