import type { FastifyInstance } from 'fastify';
import { answerFeedbackBodySchema, feedbackIdParamsSchema, feedbackQueueQuerySchema, type FeedbackQueuePage, type FeedbackQueueRow } from '../../../../shared/dashboard/feedback';
import { HttpError } from '../../httpError';
import { answerFeedback } from '../../services/feedbackAnswers';
import type { DashboardContext } from '../context';
import { getFeedbackRow, listFeedbackQueue } from '../queries/feedbackList';
import { countyWriteHttpError } from './cases';

/** GET /feedback (the queue), POST /feedback/:id/answer. */
export function registerFeedbackRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/feedback', { config: { minRole: 'viewer' } }, async (request): Promise<FeedbackQueuePage> => {
    const query = feedbackQueueQuerySchema.parse(request.query);
    return listFeedbackQueue(ctx.db, query, ctx.clock());
  });

  /** The answer is published to the ticket's village: the kiosk shows it after its next sync. */
  scope.post('/feedback/:id/answer', { config: { minRole: 'clerk' } }, async (request): Promise<FeedbackQueueRow> => {
    const { id } = feedbackIdParamsSchema.parse(request.params);
    const { text } = answerFeedbackBodySchema.parse(request.body);
    const staff = request.staff;
    if (staff === null) throw new HttpError(401, 'UNAUTHENTICATED', 'not signed in');
    const ticket = await ctx.db.selectFrom('feedback').select('ticket_no').where('id', '=', id).executeTakeFirst();
    if (ticket === undefined || ticket.ticket_no === null) throw new HttpError(404, 'UNKNOWN_TICKET', `no feedback ticket ${id}`);
    const now = ctx.clock();
    try {
      await answerFeedback(ctx.db, { ticketNo: ticket.ticket_no, text, by: staff.name }, now);
    } catch (error) {
      throw countyWriteHttpError(error);
    }
    const row = await getFeedbackRow(ctx.db, id, now);
    if (row === undefined) throw new HttpError(404, 'UNKNOWN_TICKET', `no feedback ticket ${id}`);
    return row;
  });
}
