import { z } from 'zod';
import { caseEventSchema } from '../domain/case';
import { isoDateSchema } from '../domain/common';
import { disbursementSchema } from '../domain/disbursement';
import { feedbackSchema } from '../domain/feedback';
import { fundProgramSchema } from '../domain/fundProgram';
import { noticeSchema } from '../domain/notice';
import { countySchema } from '../domain/place';
import { holidaySchema, serviceItemSchema } from '../domain/serviceItem';
import { villageProjectSchema } from '../domain/villageProject';
import type { PULL_STREAMS } from './protocol';

/** The one 'publication' record's key: what the county last published, shown to residents as "data as of". */
export const PUBLICATION_KEY = 'current';
export const publicationSchema = z.object({ dataAsOf: isoDateSchema });
export type Publication = z.infer<typeof publicationSchema>;

/** The county's answer to one feedback ticket: keyed by the ticket's id. */
export const feedbackAnswerSchema = z.object({
  feedbackId: feedbackSchema.shape.id,
  state: feedbackSchema.shape.state,
  answer: feedbackSchema.shape.answer.unwrap(),
});
export type FeedbackAnswer = z.infer<typeof feedbackAnswerSchema>;

type PullStream = (typeof PULL_STREAMS)[number];

/**
 * The schema of a 'put' value on each stream. The server parses before it publishes, the kiosk
 * parses again before it writes: a change is `unknown` until then.
 */
export const PULL_VALUE_SCHEMAS = {
  county: countySchema,
  publication: publicationSchema,
  program: fundProgramSchema,
  disbursement: disbursementSchema,
  project: villageProjectSchema,
  notice: noticeSchema,
  serviceItem: serviceItemSchema,
  holiday: holidaySchema,
  caseEvent: caseEventSchema,
  feedbackAnswer: feedbackAnswerSchema,
} as const satisfies Record<PullStream, z.ZodType>;

export type PullValue<S extends PullStream> = z.infer<(typeof PULL_VALUE_SCHEMAS)[S]>;
