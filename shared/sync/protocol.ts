import { z } from 'zod';
import { UUID_PATTERN } from '../ids/uuidv7';
import { villageCodeSchema } from '../domain/common';
import { MAX_STATION_NO } from '../cases/stationNo';

/**
 * The kiosk ⇄ county wire (DESIGN.md §4). Every body is parsed with these schemas on both sides.
 * Limits are named here so the kiosk splits batches the server will accept.
 */
export const SYNC_LIMITS = {
  /** Entries in one push batch. */
  maxPushEntries: 500,
  /** Bytes of one push body (uncompressed JSON); a larger batch is split by the kiosk. */
  maxPushBytes: 2_000_000,
  /** Rows in one pull page. */
  maxPullLimit: 5_000,
  /** Bytes of one pull page; the server stops a page early rather than exceed it. */
  maxPullBytes: 4_000_000,
} as const;

const uuid = z.string().regex(UUID_PATTERN);

export const enrollRequestSchema = z.object({
  code: z.string().trim().regex(/^[A-Z0-9]{8,16}$/, 'enrollment code is 8–16 letters or digits'),
  deviceName: z.string().trim().min(1).max(60),
  /**
   * The kiosk's permanent author id (made once, before any enrollment): the author of the case
   * events it pushes, kept across enrollments. Optional for clients older than it; the county then
   * takes the new device id.
   */
  authorId: uuid.optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  deviceId: uuid,
  /** Bearer token: kept by the kiosk's main process (Electron safeStorage); stored hashed by the server. */
  token: z.string().min(32).max(200),
  villageCode: villageCodeSchema,
  epoch: z.number().int().min(1),
  /**
   * The kiosk's station number in its village (shared/cases/receiptNo.ts): the first digit of the
   * sequence of every receipt and ticket number it issues, so two kiosks of a village never clash.
   */
  stationNo: z.number().int().min(1).max(MAX_STATION_NO),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/** Village-owned records a kiosk pushes. */
export const PUSH_KINDS = ['caseEvent', 'feedback', 'audit'] as const;
export const pushKindSchema = z.enum(PUSH_KINDS);

export const pushEntrySchema = z.object({
  /** Per device, gap-free, from 1: the server applies each at most once. */
  seq: z.number().int().min(1),
  kind: pushKindSchema,
  /** The record's own id (a case event id, a feedback id, an audit seq as text). */
  id: z.string().min(1).max(80),
  /** Parsed by the server with the record's own schema (caseEventSchema, feedbackSchema, auditEntrySchema). */
  body: z.unknown(),
});
export type PushEntry = z.infer<typeof pushEntrySchema>;

export const pushRequestSchema = z.object({
  deviceId: uuid,
  epoch: z.number().int().min(1),
  entries: z.array(pushEntrySchema).min(1).max(SYNC_LIMITS.maxPushEntries),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const REJECTION_CODES = [
  'INVALID_BODY', 'INVALID_ID_NUMBER', 'WRONG_VILLAGE', 'UNKNOWN_CASE', 'ID_MISMATCH', 'AUDIT_CHAIN_BROKEN',
] as const;
export const rejectionCodeSchema = z.enum(REJECTION_CODES);

export const pushResponseSchema = z.object({
  /** Every seq up to this one is applied or rejected for good; resending them is harmless. */
  ackedThrough: z.number().int().min(0),
  rejected: z.array(z.object({ seq: z.number().int().min(1), code: rejectionCodeSchema, message: z.string().max(300) })),
  epoch: z.number().int().min(1),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** County-owned streams a kiosk pulls, plus the county's writes on village records. */
export const PULL_STREAMS = [
  'county', 'publication', 'program', 'disbursement', 'project', 'notice', 'serviceItem', 'holiday', 'caseEvent', 'feedbackAnswer',
] as const;
export const pullStreamSchema = z.enum(PULL_STREAMS);

export const changeSchema = z.object({
  seq: z.number().int().min(1),
  stream: pullStreamSchema,
  op: z.enum(['put', 'delete']),
  key: z.string().min(1).max(120),
  /** Parsed by the kiosk with the stream's own schema; null for deletes. */
  value: z.unknown(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullQuerySchema = z.object({
  /** Opaque to the kiosk: it stores what `next` said and sends it back. Empty: from the start. */
  since: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.maxPullLimit).default(SYNC_LIMITS.maxPullLimit),
});

export const pullResponseSchema = z.object({
  /** A different epoch than the kiosk's: the county restored a backup; start over from an empty cursor. */
  epoch: z.number().int().min(1),
  changes: z.array(changeSchema).max(SYNC_LIMITS.maxPullLimit),
  next: z.string().max(200),
  hasMore: z.boolean(),
  /** Rows still to come in a first sync (for the progress bar); null when unknown. */
  remaining: z.number().int().min(0).nullable(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
