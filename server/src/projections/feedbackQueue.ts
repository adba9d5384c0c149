import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Stored feedback bodies are canonical validated records: only the category is read here. */
function categoryOf(body: string): string {
  const category = (JSON.parse(body) as { category?: unknown }).category;
  return typeof category === 'string' ? category : 'general';
}

/** Queues the tickets just stored (by push), open until the county answers. */
export async function queueFeedback(trx: Kysely<Database>, feedbackIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(feedbackIds)];
  if (ids.length === 0) return;
  const rows = await trx
    .selectFrom('feedback')
    .leftJoin('feedback_answers', 'feedback_answers.feedback_id', 'feedback.id')
    .select(['feedback.id', 'feedback.village_code', 'feedback.body', 'feedback.received_at', 'feedback_answers.feedback_id as answered'])
    .where('feedback.id', 'in', ids)
    .execute();
  for (const row of rows) {
    await trx
      .insertInto('feedback_queue')
      .values({ feedback_id: row.id, village_code: row.village_code, category: categoryOf(row.body), received_at: row.received_at, is_open: row.answered === null ? 1 : 0 })
      .onConflict((oc) => oc.column('feedback_id').doNothing())
      .execute();
  }
}

/** The county answered the ticket: it leaves the open queue. */
export async function markFeedbackAnswered(trx: Kysely<Database>, feedbackId: string): Promise<void> {
  await trx.updateTable('feedback_queue').set({ is_open: 0 }).where('feedback_id', '=', feedbackId).execute();
}

/** Rebuilds the queue from the stored tickets and answers (backfill). */
export async function rebuildFeedbackQueue(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('feedback_queue').execute();
  let after = '';
  for (;;) {
    const page = await db.selectFrom('feedback').select('id').where('id', '>', after).orderBy('id').limit(1_000).execute();
    await queueFeedback(db, page.map((row) => row.id));
    const last = page.at(-1);
    if (last === undefined) break;
    after = last.id;
  }
}
