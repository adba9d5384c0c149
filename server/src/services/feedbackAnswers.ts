import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/audit/auditChain';
import { receiptNoSchema } from '../../../shared/domain/case';
import { feedbackAnswerSchema, type FeedbackAnswer } from '../../../shared/sync/pullStreams';
import type { Database } from '../db/schema';
import { markFeedbackAnswered } from '../projections/feedbackQueue';
import { appendChanges } from '../repositories/changes';
import { findFeedbackByTicket, saveFeedbackAnswer } from '../repositories/feedback';
import { CountyWriteError } from './countyWriteError';

export const answerFeedbackInputSchema = z.object({
  ticketNo: receiptNoSchema.refine((no) => no.startsWith('YJ-'), 'a feedback ticket number starts with YJ-'),
  text: z.string().trim().min(1).max(2000),
  by: z.string().trim().min(1).max(40),
});
export type AnswerFeedbackInput = z.input<typeof answerFeedbackInputSchema>;

export interface AnswerFeedbackResult {
  answer: FeedbackAnswer;
  villageCode: string;
}

/**
 * The county answers a resident's ticket, named by its number: the answer is kept (a new answer
 * replaces it) and published on the 'feedbackAnswer' stream of the ticket's village, keyed by the
 * ticket's id, in one transaction; the kiosk shows it on the ticket. Throws CountyWriteError for
 * an unknown or ambiguous ticket number, changing nothing.
 */
export async function answerFeedback(db: Kysely<Database>, input: AnswerFeedbackInput, now: Date = new Date()): Promise<AnswerFeedbackResult> {
  const { ticketNo, text, by } = answerFeedbackInputSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const tickets = await findFeedbackByTicket(trx, ticketNo);
    const ticket = tickets[0];
    if (ticket === undefined) throw new CountyWriteError('UNKNOWN_TICKET', `no feedback ticket ${ticketNo}`);
    if (tickets.length > 1) throw new CountyWriteError('AMBIGUOUS_TICKET', `${tickets.length} tickets carry number ${ticketNo}; resolve it at the station`);
    const answer = feedbackAnswerSchema.parse({ feedbackId: ticket.id, state: 'answered', answer: { text, by, at: now.toISOString() } });
    await saveFeedbackAnswer(trx, ticket.id, canonicalJson(answer), now.toISOString());
    await markFeedbackAnswered(trx, ticket.id);
    await appendChanges(trx, [{ villageCode: ticket.villageCode, stream: 'feedbackAnswer', op: 'put', key: ticket.id, value: answer }], now);
    return { answer, villageCode: ticket.villageCode };
  });
}
