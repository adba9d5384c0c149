import { z } from 'zod';
import { auditActionSchema, type AuditAction, type AuditEntry } from '../../../../shared/domain/audit';
import { chainNextEntry, verifyAuditChain, type AuditChainVerdict } from '../../../../shared/audit/auditChain';
import type { KioskDatabase } from '../schema';
import { enqueueOutbox } from './outbox';

/** What a caller says about an action; seq, time and hashes are the repository's business. */
export interface AuditInput {
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  subject: string;
  details?: Record<string, string | number | boolean | null>;
}

const auditInputSchema = z.strictObject({
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(40),
  action: auditActionSchema,
  subject: z.string().max(120),
  details: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
});

/**
 * Appends one hash-chained entry and queues it for the county. Runs in its own rw transaction, or
 * joins the caller's when that one includes db.auditLog, db.outbox and db.counters (so the action,
 * its entry and the outbox entry commit together). Reading the last entry
 * and writing the next inside one transaction keeps seq gap-free under concurrent calls.
 */
export async function appendAudit(db: KioskDatabase, input: AuditInput, now: Date = new Date()): Promise<AuditEntry> {
  const fields = auditInputSchema.parse(input);
  return db.transaction('rw', [db.auditLog, db.outbox, db.counters], async () => {
    const last = (await db.auditLog.orderBy('seq').last()) ?? null;
    const entry = chainNextEntry(last, {
      at: now.toISOString(),
      actorId: fields.actorId,
      actorName: fields.actorName,
      action: fields.action,
      subject: fields.subject,
      details: fields.details ?? {},
    });
    await db.auditLog.add(entry);
    await enqueueOutbox(db, 'audit', String(entry.seq), entry);
    return entry;
  });
}

export async function countAudit(db: KioskDatabase): Promise<number> {
  return db.auditLog.count();
}

/** One page of the log, newest first (by seq: the kiosk clock may be wrong). */
export async function listAuditPage(db: KioskDatabase, page: { offset: number; limit: number }): Promise<AuditEntry[]> {
  return db.auditLog.orderBy('seq').reverse().offset(page.offset).limit(page.limit).toArray();
}

/** Verifies the whole stored chain (a few thousand entries a year: read in one go). */
export async function verifyStoredAudit(db: KioskDatabase): Promise<AuditChainVerdict> {
  return verifyAuditChain(await db.auditLog.orderBy('seq').toArray());
}
