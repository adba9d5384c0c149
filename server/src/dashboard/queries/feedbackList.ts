import type { Kysely } from 'kysely';
import type { FeedbackQueuePage, FeedbackQueueQuery, FeedbackQueueRow } from '../../../../shared/dashboard/feedback';
import type { Feedback } from '../../../../shared/domain/feedback';
import type { FeedbackAnswer } from '../../../../shared/sync/pullStreams';
import type { Database } from '../../db/schema';
import { decodeCursor, encodeCursor } from './keysetCursor';
import { villageNames } from './villageNames';

const DAY_MS = 86_400_000;

export function ageInDays(receivedAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(receivedAt)) / DAY_MS));
}

/** Full rows of the given tickets, in the given order (stored bodies are canonical validated records). */
async function loadRows(db: Kysely<Database>, ids: string[], now: Date): Promise<FeedbackQueueRow[]> {
  if (ids.length === 0) return [];
  const stored = await db
    .selectFrom('feedback')
    .leftJoin('feedback_answers', 'feedback_answers.feedback_id', 'feedback.id')
    .select(['feedback.id', 'feedback.village_code', 'feedback.body', 'feedback.received_at', 'feedback_answers.body as answer_body'])
    .where('feedback.id', 'in', ids)
    .execute();
  const names = await villageNames(db, stored.map((row) => row.village_code));
  const byId = new Map(stored.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    const ticket = JSON.parse(row.body) as Feedback;
    const answer = row.answer_body === null ? null : (JSON.parse(row.answer_body) as FeedbackAnswer).answer;
    return [
      {
        id: row.id,
        ticketNo: ticket.ticketNo,
        villageCode: row.village_code,
        villageName: names.get(row.village_code) ?? row.village_code,
        category: ticket.category,
        subject: ticket.subject,
        text: ticket.text,
        receivedAt: row.received_at,
        ageDays: ageInDays(row.received_at, now),
        answer: answer === null ? null : { text: answer.text, by: answer.by, at: answer.at },
      },
    ];
  });
}

/** GET /feedback: open tickets longest-waiting first; answered ones newest first. Keyset-paged. */
export async function listFeedbackQueue(db: Kysely<Database>, filters: FeedbackQueueQuery, now: Date): Promise<FeedbackQueuePage> {
  const open = filters.state === 'open';
  let query = db.selectFrom('feedback_queue').select(['feedback_id', 'received_at']).where('is_open', '=', open ? 1 : 0);
  if (filters.village !== undefined) query = query.where('village_code', '=', filters.village);
  if (filters.category !== undefined) query = query.where('category', '=', filters.category);
  if (filters.cursor !== undefined) {
    const after = decodeCursor(filters.cursor);
    query = query.where((eb) => eb(eb.refTuple('received_at', 'feedback_id'), open ? '>' : '<', eb.tuple(after.at, after.id)));
  }
  const direction = open ? 'asc' : 'desc';
  const keys = await query.orderBy('received_at', direction).orderBy('feedback_id', direction).limit(filters.limit + 1).execute();
  const page = keys.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    rows: await loadRows(db, page.map((key) => key.feedback_id), now),
    nextCursor: keys.length > filters.limit && last !== undefined ? encodeCursor({ at: last.received_at, id: last.feedback_id }) : null,
  };
}

export async function getFeedbackRow(db: Kysely<Database>, id: string, now: Date): Promise<FeedbackQueueRow | undefined> {
  return (await loadRows(db, [id], now))[0];
}
