import { z } from 'zod';
import { villageCodeSchema, yearSchema } from '../domain/common';
import { DISBURSEMENT_STATUSES } from '../domain/disbursement';
import { casesQuerySchema } from './cases';
import { feedbackQueueQuerySchema } from './feedback';

/**
 * Downloads of the county's lists. Each takes the filters of its list page (all optional) as query
 * parameters; the file holds every matching row, streamed, masked as on screen.
 */
export const EXPORT_KINDS = ['cases', 'feedback', 'disbursements'] as const;
export const exportKindSchema = z.enum(EXPORT_KINDS);
export type ExportKind = z.infer<typeof exportKindSchema>;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** Exactly the cases list's filters (village, item, state, overdue, from, to), without its paging. */
export const caseExportQuerySchema = casesQuerySchema.omit({ cursor: true, limit: true }).strict();
export type CaseExportQuery = z.infer<typeof caseExportQuerySchema>;

/** Exactly the feedback queue's filters (state defaults to open, as on the page), without its paging. */
export const feedbackExportQuerySchema = feedbackQueueQuerySchema.omit({ cursor: true, limit: true }).strict();
export type FeedbackExportQuery = z.infer<typeof feedbackExportQuerySchema>;

export const disbursementExportQuerySchema = z.strictObject({
  village: villageCodeSchema.optional(),
  program: z.string().regex(/^[A-Z]{2,8}-\d{4}$/).optional(),
  year: z.coerce.number().pipe(yearSchema).optional(),
  status: z.enum(DISBURSEMENT_STATUSES).optional(),
});
export type DisbursementExportQuery = z.infer<typeof disbursementExportQuerySchema>;

export const EXPORT_QUERY_SCHEMAS = {
  cases: caseExportQuerySchema,
  feedback: feedbackExportQuerySchema,
  disbursements: disbursementExportQuerySchema,
} as const satisfies Record<ExportKind, z.ZodType>;
/** What the UI puts in the query string of a download link. */
export type ExportQuery<K extends ExportKind> = z.input<(typeof EXPORT_QUERY_SCHEMAS)[K]>;

/** The API path of a download, relative to DASHBOARD_API_PREFIX (use with apiUrl and the filters). */
export function exportPath(kind: ExportKind, format: ExportFormat): string {
  return `/exports/${kind}.${format}`;
}
