import { z } from 'zod';
import { syncCredentialsSchema } from '../../../../shared/ipc/syncEnrollment';
import { syncStatusSchema } from '../engine/syncStatus';

export const SYNC_KICK_REASONS = ['online', 'records', 'timer'] as const;

/** Page → worker. */
export const syncWorkerRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), credentials: syncCredentialsSchema, databaseName: z.string().min(1).max(100).optional() }),
  z.object({ type: z.literal('kick'), reason: z.enum(SYNC_KICK_REASONS) }),
  z.object({ type: z.literal('syncNow') }),
  z.object({ type: z.literal('stop') }),
]);
export type SyncWorkerRequest = z.infer<typeof syncWorkerRequestSchema>;

/** Worker → page. */
export const syncWorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: syncStatusSchema }),
]);
export type SyncWorkerMessage = z.infer<typeof syncWorkerMessageSchema>;
