import { z } from 'zod';
import { fenSchema, villageCodeSchema, yearSchema } from '../domain/common';

/**
 * Fund import (the finance bureau's disbursement lists) and fund totals on the dashboard.
 *
 * POST /funds/uploads?fileName=…[&programId=…]  raw file body (application/octet-stream) → FundUploadPreview
 * GET  /funds/uploads/:id                        → FundUploadPreview (kept until published or a day old)
 * POST /funds/uploads/:id/publish                → FundPublishResult (409 when the preview is not publishable)
 * GET  /funds/programs                           → FundProgramTotals
 *
 * A file the server cannot read at all (wrong type, truncated XLSX, unknown encoding, no header
 * it can map) is answered 422 with {error:{code:'FUND_FILE_INVALID', message}}; a readable file
 * with bad rows gets a preview whose `publishable` is false and whose `badRows` say why.
 */

export const FUND_PROGRAM_ID_PATTERN = /^[A-Z]{2,8}-\d{4}$/;
export const FUND_FILE_INVALID = 'FUND_FILE_INVALID';
/** The preview lists at most this many bad rows; `badRowCount` counts all of them. */
export const FUND_BAD_ROWS_LISTED = 1_000;

export const fundUploadQuerySchema = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  /** For a list without 年度/补贴项目 columns: every row belongs to this program (and rows naming another are bad). */
  programId: z.string().regex(FUND_PROGRAM_ID_PATTERN).optional(),
});
export type FundUploadQuery = z.infer<typeof fundUploadQuerySchema>;

export const FUND_FILE_FORMATS = ['csv', 'xlsx'] as const;
export const fundFileFormatSchema = z.enum(FUND_FILE_FORMATS);
export type FundFileFormat = z.infer<typeof fundFileFormatSchema>;

/** How a CSV's bytes were decoded; GBK files decode as gb18030, its superset. Null for XLSX (always Unicode). */
export const FUND_TEXT_ENCODINGS = ['utf-8', 'utf-8-bom', 'gb18030'] as const;
export const fundTextEncodingSchema = z.enum(FUND_TEXT_ENCODINGS);
export type FundTextEncoding = z.infer<typeof fundTextEncodingSchema>;

/** The canonical fields a column can be mapped to (see shared/funds/headerMapping.ts for the synonyms). */
export const FUND_FIELDS = [
  'serial', 'year', 'programName', 'period', 'department', 'townshipName', 'villageName', 'villageCode', 'group',
  'householdNo', 'headName', 'idNumber', 'account', 'basis', 'rate', 'dueAmount', 'paidAmount', 'amount', 'paidDate',
  'status', 'failureReason',
] as const;
export const fundFieldSchema = z.enum(FUND_FIELDS);
export type FundField = z.infer<typeof fundFieldSchema>;

export const fundBadRowSchema = z.object({
  /** 1-based line (CSV) or row number (XLSX) in the file as uploaded. */
  line: z.number().int().min(1),
  reason: z.string(),
});
export type FundBadRow = z.infer<typeof fundBadRowSchema>;

export const fundProgramSummarySchema = z.object({
  programId: z.string(),
  programName: z.string(),
  year: yearSchema,
  rows: z.number().int().min(0),
  dueFen: fenSchema,
  paidFen: fenSchema,
});
export type FundProgramSummary = z.infer<typeof fundProgramSummarySchema>;

export const fundVillageSummarySchema = z.object({
  villageCode: villageCodeSchema,
  villageName: z.string(),
  rows: z.number().int().min(0),
  paidFen: fenSchema,
});
export type FundVillageSummary = z.infer<typeof fundVillageSummarySchema>;

export const fundHeaderMappingSchema = z.object({ column: z.string(), field: fundFieldSchema });

export const FUND_UPLOAD_STATES = ['ready', 'publishing', 'published'] as const;

export const fundUploadPreviewSchema = z.object({
  uploadId: z.string().min(1),
  fileName: z.string(),
  format: fundFileFormatSchema,
  encoding: fundTextEncodingSchema.nullable(),
  /** Data rows read (title and header rows excluded). */
  rows: z.number().int().min(0),
  goodRows: z.number().int().min(0),
  badRowCount: z.number().int().min(0),
  badRows: z.array(fundBadRowSchema).max(FUND_BAD_ROWS_LISTED),
  /** Rows whose disbursement id (program, period, village, household) appeared earlier in the file; each is also a bad row. */
  duplicates: z.number().int().min(0),
  byProgram: z.array(fundProgramSummarySchema),
  byVillage: z.array(fundVillageSummarySchema),
  headerMapping: z.array(fundHeaderMappingSchema),
  /** Rows above the header (a title such as "2024年耕地地力保护补贴发放清单"). */
  skippedTitleRows: z.number().int().min(0),
  /** Rows such as 合计/总计 below or between the data: not payments, so not imported. */
  skippedTotalRows: z.number().int().min(0),
  /** True when there is at least one good row and no bad row, and the upload is not yet published. */
  publishable: z.boolean(),
  state: z.enum(FUND_UPLOAD_STATES),
  uploadedAt: z.string(),
  /** After this the stored file and its preview are removed. */
  expiresAt: z.string(),
});
export type FundUploadPreview = z.infer<typeof fundUploadPreviewSchema>;

export const fundPublishResultSchema = z.object({
  uploadId: z.string(),
  /** Disbursement rows put (new or changed). */
  published: z.number().int().min(0),
  /**
   * Rows deleted: a file replaces every (program, village) slice it covers, so a household the
   * bureau dropped from its list disappears from the kiosks.
   */
  removed: z.number().int().min(0),
  /** The 'publication' record's new "data as of": the county's date (UTC+8) by the server clock. */
  dataAsOf: z.string(),
  publishedAt: z.string(),
});
export type FundPublishResult = z.infer<typeof fundPublishResultSchema>;

export const fundProgramTotalsRowSchema = z.object({
  programId: z.string(),
  programName: z.string(),
  year: yearSchema,
  villages: z.number().int().min(0),
  households: z.number().int().min(0),
  dueFen: fenSchema,
  paidFen: fenSchema,
  /** Latest publication touching the program; null when nothing is published for it. */
  publishedAt: z.string().nullable(),
});
export type FundProgramTotalsRow = z.infer<typeof fundProgramTotalsRowSchema>;

export const fundProgramTotalsSchema = z.object({ programs: z.array(fundProgramTotalsRowSchema) });
export type FundProgramTotals = z.infer<typeof fundProgramTotalsSchema>;
