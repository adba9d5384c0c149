import { z } from 'zod';

export const AUDIT_ACTIONS = [
  'setup', 'login', 'loginFailed', 'logout', 'lockout', 'agentAdded', 'agentDisabled', 'agentEnabled', 'pinReset', 'kioskExit',
  'caseCreated', 'caseTransition', 'caseMaterials', 'print', 'export', 'restore', 'feedbackCreated', 'settingsChanged',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/**
 * One append-only, hash-chained audit entry. hash = SHA-256 over the canonical JSON of every other
 * field (prevHash included), so editing, removing or reordering any entry breaks the chain after it.
 */
export const auditEntrySchema = z.object({
  seq: z.number().int().min(1),
  at: z.string().datetime({ offset: true }),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(40),
  action: auditActionSchema,
  subject: z.string().max(120),
  details: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** prevHash of the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
