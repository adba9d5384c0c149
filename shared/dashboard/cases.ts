import { z } from 'zod';
import { caseMaterialSchema, caseStateSchema, eventAuthorSchema, receiptNoSchema } from '../domain/case';
import { isoDateSchema, villageCodeSchema } from '../domain/common';
import { reasonRequired } from '../cases/transitions';

export const CASES_PAGE_DEFAULT = 50;
export const CASES_PAGE_MAX = 200;

/** Query strings carry booleans as text; only these two spellings are accepted. */
export const queryBooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export const itemCodeSchema = z.string().regex(/^[A-Z]{2}\d{3}$/);

/** An opaque keyset cursor from a previous page's nextCursor. */
export const pageCursorSchema = z.string().min(1).max(200);

export const pageLimitSchema = z.coerce.number().int().min(1).max(CASES_PAGE_MAX).default(CASES_PAGE_DEFAULT);

/**
 * GET /cases. Newest first by when the county received the case (server clock), so pages do not
 * shift as kiosk clocks disagree. from/to filter the date on the receipt (inclusive).
 */
export const casesQuerySchema = z.object({
  village: villageCodeSchema.optional(),
  item: itemCodeSchema.optional(),
  state: caseStateSchema.optional(),
  overdue: queryBooleanSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  cursor: pageCursorSchema.optional(),
  limit: pageLimitSchema,
});
export type CasesQuery = z.output<typeof casesQuerySchema>;
/** What the UI puts in the query string. */
export type CasesQueryParams = z.input<typeof casesQuerySchema>;

export const caseRowSchema = z.object({
  id: z.string(),
  receiptNo: receiptNoSchema,
  villageCode: villageCodeSchema,
  villageName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  state: caseStateSchema,
  /** 王* : the list never shows a full name. */
  applicantNameMasked: z.string(),
  /** The date on the receipt (the kiosk's day), display and filtering only. */
  createdOn: isoDateSchema,
  deadline: isoDateSchema,
  overdue: z.boolean(),
  /** When the county last learned something about the case (server clock, ISO UTC). */
  updatedAt: z.string(),
});
export type CaseRow = z.infer<typeof caseRowSchema>;

export const casesPageSchema = z.object({
  rows: z.array(caseRowSchema),
  /** Pass back as `cursor` for the next page; null: this was the last page. */
  nextCursor: z.string().nullable(),
  /** Matching cases in all pages; present only when the server can count them cheaply. */
  total: z.number().int().min(0).optional(),
});
export type CasesPage = z.infer<typeof casesPageSchema>;

export const caseTimelineEntrySchema = z.object({
  eventId: z.string(),
  type: z.enum(['created', 'transition', 'materials']),
  /** Transitions only. */
  to: caseStateSchema.optional(),
  reason: z.string().optional(),
  /** The author's clock (display only). */
  recordedAt: z.string(),
  /** When the county stored the event (server clock). */
  receivedAt: z.string(),
  actorName: z.string(),
  author: eventAuthorSchema,
  /** The fold could not apply it (e.g. an illegal transition that raced another). */
  rejected: z.boolean(),
});
export type CaseTimelineEntry = z.infer<typeof caseTimelineEntrySchema>;

/** The results a county clerk may record (a subset of the lifecycle). */
export const COUNTY_RESULT_STATES = ['accepted', 'awaitingMaterials', 'completed', 'declined'] as const;
export const countyResultStateSchema = z.enum(COUNTY_RESULT_STATES);
export type CountyResultState = z.infer<typeof countyResultStateSchema>;

/** GET /cases/:id */
export const caseDetailSchema = z.object({
  case: caseRowSchema,
  applicant: z.object({
    nameMasked: z.string(),
    /** 341222********0417 */
    idNumberMasked: z.string(),
    /** 138****5678 */
    phoneMasked: z.string(),
    group: z.number().int(),
  }),
  agentName: z.string(),
  materials: z.array(caseMaterialSchema),
  /** Every stored event: applied ones in the fold's order, then the rejected ones. */
  timeline: z.array(caseTimelineEntrySchema),
  /** What a clerk may record now (empty for a viewer-only state such as a settled case). */
  allowedResults: z.array(countyResultStateSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** POST /cases/:id/result (clerk). Answers the updated CaseDetail. */
export const recordResultBodySchema = z
  .strictObject({
    to: countyResultStateSchema,
    reason: z.string().trim().max(500).default(''),
  })
  .refine((body) => !reasonRequired(body.to) || body.reason !== '', { message: 'this result needs a reason the resident can read', path: ['reason'] });
export type RecordResultBody = z.input<typeof recordResultBodySchema>;

export const caseIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
