import { z } from 'zod';

/**
 * What the agent is told about the county sync. The engine (in the worker) produces it; it crosses
 * to the page as a message, so it has a schema and the page parses it like any boundary input.
 */
export const SYNC_STATES = ['notEnrolled', 'idle', 'syncing', 'offline', 'error', 'storageFull', 'unauthorized'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/**
 * Why the last attempt failed, as a code the UI turns into zh-CN / en words. `lastError` beside it
 * carries the detail (the county's own message for a refusal), shown after those words.
 */
export const SYNC_ERROR_CODES = ['network', 'server', 'protocol', 'refused', 'unauthorized', 'storageFull', 'badData', 'epoch', 'unexpected'] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const pullProgressSchema = z.object({
  rows: z.number().int().min(0),
  remaining: z.number().int().min(0).nullable(),
  percent: z.number().min(0).max(100).nullable(),
  /** Rows applied since the first sync began, across runs: what the agent sees counting up. */
  totalRows: z.number().int().min(0),
});

export const syncStatusSchema = z.object({
  state: z.enum(SYNC_STATES),
  /** A pull in progress (or interrupted before it finished): rows applied and how far along. */
  progress: pullProgressSchema.nullable(),
  /** Outbox entries the county has not acknowledged yet. */
  pending: z.number().int().min(0),
  /** Outbox entries the county refused for good: kept, shown to the agent. */
  rejected: z.number().int().min(0),
  /** The kiosk clock, for display only: nothing is ordered by it. */
  lastSuccessAt: z.string().nullable(),
  /** Detail of the last failure in plain words (the county's message for a refusal); null after a success. */
  lastError: z.string().max(500).nullable(),
  lastErrorCode: z.enum(SYNC_ERROR_CODES).nullable(),
  /** When the engine will try again on its own (kiosk clock, display only); null when it will not. */
  nextAttemptAt: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const NOT_ENROLLED_STATUS: SyncStatus = {
  state: 'notEnrolled',
  progress: null,
  pending: 0,
  rejected: 0,
  lastSuccessAt: null,
  lastError: null,
  lastErrorCode: null,
  nextAttemptAt: null,
};
