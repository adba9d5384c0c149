import { z } from 'zod';
import { receiptNoSchema } from '../domain/case';
import { villageCodeSchema } from '../domain/common';
import { feedbackCategorySchema, feedbackSubjectSchema } from '../domain/feedback';
import { pageCursorSchema, pageLimitSchema } from './cases';

export const FEEDBACK_QUEUE_STATES = ['open', 'answered'] as const;

/**
 * GET /feedback. The open queue lists the longest-waiting ticket first; the answered list the
 * most recently received first. Ordered by the server's receipt time, never a kiosk clock.
 */
export const feedbackQueueQuerySchema = z.object({
  state: z.enum(FEEDBACK_QUEUE_STATES).default('open'),
  village: villageCodeSchema.optional(),
  category: feedbackCategorySchema.optional(),
  cursor: pageCursorSchema.optional(),
  limit: pageLimitSchema,
});
export type FeedbackQueueQuery = z.output<typeof feedbackQueueQuerySchema>;
export type FeedbackQueueQueryParams = z.input<typeof feedbackQueueQuerySchema>;

export const feedbackAnswerViewSchema = z.object({ text: z.string(), by: z.string(), at: z.string() });

export const feedbackQueueRowSchema = z.object({
  id: z.string(),
  ticketNo: receiptNoSchema,
  villageCode: villageCodeSchema,
  villageName: z.string(),
  category: feedbackCategorySchema,
  subject: feedbackSubjectSchema,
  /** The resident's words: render as text, never as markup. */
  text: z.string(),
  /** When the county received it (server clock). */
  receivedAt: z.string(),
  /** Whole days since receivedAt, by the server clock. */
  ageDays: z.number().int().min(0),
  answer: feedbackAnswerViewSchema.nullable(),
});
export type FeedbackQueueRow = z.infer<typeof feedbackQueueRowSchema>;

export const feedbackQueuePageSchema = z.object({
  rows: z.array(feedbackQueueRowSchema),
  nextCursor: z.string().nullable(),
});
export type FeedbackQueuePage = z.infer<typeof feedbackQueuePageSchema>;

/** POST /feedback/:id/answer (clerk). Answers the updated row. */
export const answerFeedbackBodySchema = z.strictObject({ text: z.string().trim().min(1).max(2000) });
export type AnswerFeedbackBody = z.input<typeof answerFeedbackBodySchema>;

export const feedbackIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
