import { z } from 'zod';
import { UUID_PATTERN } from '../ids/uuidv7';
import { receiptNoSchema } from './case';

export const FEEDBACK_CATEGORIES = ['objection', 'consultation', 'complaint', 'suggestion'] as const;
export const feedbackCategorySchema = z.enum(FEEDBACK_CATEGORIES);
export type FeedbackCategory = z.infer<typeof feedbackCategorySchema>;

export const feedbackSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('program'), programId: z.string().regex(/^[A-Z]{2,8}-\d{4}$/) }),
  z.object({ kind: z.literal('disbursement'), programId: z.string().regex(/^[A-Z]{2,8}-\d{4}$/), disbursementId: z.string().min(1).max(80) }),
  z.object({ kind: z.literal('case'), caseId: z.string().regex(UUID_PATTERN) }),
  z.object({ kind: z.literal('general') }),
]);
export type FeedbackSubject = z.infer<typeof feedbackSubjectSchema>;

export const FEEDBACK_STATES = ['open', 'answered', 'closed'] as const;

/** An objection (异议) or other feedback from a resident; answered by the county (issue: sync). */
export const feedbackSchema = z.object({
  id: z.string().regex(UUID_PATTERN),
  ticketNo: receiptNoSchema,
  localNo: z.string().regex(/^\d{9}$/),
  subject: feedbackSubjectSchema,
  category: feedbackCategorySchema,
  /** Free text, shown as text only (never as markup). */
  text: z.string().trim().max(500),
  callbackPhone: z.string().max(20).nullable(),
  state: z.enum(FEEDBACK_STATES),
  createdAt: z.string().datetime({ offset: true }),
  answer: z.object({ text: z.string().max(2000), by: z.string().max(40), at: z.string().datetime({ offset: true }) }).nullable(),
});
export type Feedback = z.infer<typeof feedbackSchema>;
