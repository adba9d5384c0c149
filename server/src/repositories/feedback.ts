import type { Kysely } from 'kysely';
import type { Database, FeedbackTable } from '../db/schema';

export async function findFeedback(db: Kysely<Database>, id: string): Promise<Pick<FeedbackTable, 'body'> | undefined> {
  return db.selectFrom('feedback').select('body').where('id', '=', id).executeTakeFirst();
}

export async function insertFeedback(trx: Kysely<Database>, row: FeedbackTable): Promise<void> {
  await trx.insertInto('feedback').values(row).execute();
}
