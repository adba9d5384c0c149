import { z } from 'zod';
import { agentPublicSchema } from '../../../shared/domain/agent';
import { auditEntrySchema } from '../../../shared/domain/audit';
import {
  caseApplicantSchema,
  caseEventSchema,
  caseMaterialSchema,
  caseStateSchema,
  eventAuthorSchema,
  localReceiptNoSchema,
  receiptNoSchema,
} from '../../../shared/domain/case';
import { isoDateSchema, isoDateTimeSchema, shortText } from '../../../shared/domain/common';
import { feedbackSchema } from '../../../shared/domain/feedback';
import { UUID_PATTERN } from '../../../shared/ids/uuidv7';
import { stationSettingsSchema } from '../db/repositories/settings';
import type { StoredCase } from '../db/villageRecords';
import { BackupError } from './backupError';

/**
 * The plaintext of a backup: every village-owned record of one kiosk. Agents travel without PIN
 * hashes or lockout state (the restoring administrator sets new PINs). The county's data (programs,
 * payments, catalog) is not in it: a kiosk reloads that from the county.
 */
export const BACKUP_FORMAT = 'village-kiosk-backup';
export const BACKUP_VERSION = 1;

const uuid = z.string().regex(UUID_PATTERN, 'not a UUID');

/** The cases table's row (the fold of a case's events plus its index fields). */
export const storedCaseSchema = z.object({
  id: uuid,
  receiptNo: receiptNoSchema,
  localNo: localReceiptNoSchema,
  itemCode: z.string().regex(/^[A-Z]{2}\d{3}$/),
  itemName: z.string().min(1).max(100),
  applicant: caseApplicantSchema,
  materials: z.array(caseMaterialSchema).max(30),
  deadline: isoDateSchema,
  state: caseStateSchema,
  createdAt: isoDateTimeSchema,
  agentName: z.string().max(40),
  householdKey: z.string().max(40).nullable(),
  disbursementId: z.string().max(80).nullable(),
  history: z.array(
    z.object({
      eventId: uuid,
      to: caseStateSchema,
      reason: z.string().max(500),
      recordedAt: isoDateTimeSchema,
      actorName: z.string().max(40),
      author: eventAuthorSchema,
    }),
  ),
  rejectedEventIds: z.array(uuid),
  headEventId: uuid,
  applicantName: z.string().max(20),
  applicantIdLast4: z.string().regex(/^\d{3}[\dX]$/),
  createdDay: isoDateSchema,
});

// Both directions, so the schema cannot drift from the table's type without a compile error.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const storedCaseSchemaMatchesType: Same<z.infer<typeof storedCaseSchema>, StoredCase> = true;
void storedCaseSchemaMatchesType;

export const counterRecordSchema = z.object({ key: z.string().min(1).max(64), value: z.number().int().min(0) });

export const backupCountsSchema = z.object({
  agents: z.number().int().min(0),
  cases: z.number().int().min(0),
  caseEvents: z.number().int().min(0),
  feedback: z.number().int().min(0),
  auditLog: z.number().int().min(0),
  counters: z.number().int().min(0),
});
export type BackupCounts = z.infer<typeof backupCountsSchema>;

export const backupBundleSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    /** The exporting kiosk's clock: shown to the person restoring, never used to order anything. */
    exportedAt: isoDateTimeSchema,
    /** The kiosk's station: a village (12 digits) or, for a township scope, the township (9). */
    village: z.object({ code: z.string().regex(/^\d{9}(\d{3})?$/), name: shortText }),
    /** The exporting kiosk: the author of its case events. Recorded, not restored (see backupService). */
    deviceId: uuid,
    counts: backupCountsSchema,
    agents: z.array(agentPublicSchema),
    cases: z.array(storedCaseSchema),
    caseEvents: z.array(caseEventSchema),
    feedback: z.array(feedbackSchema),
    auditLog: z.array(auditEntrySchema),
    settings: z.object({ station: stationSettingsSchema.nullable() }),
    counters: z.array(counterRecordSchema),
  })
  .superRefine((bundle, context) => {
    for (const table of Object.keys(bundle.counts) as Array<keyof BackupCounts>) {
      if (bundle[table].length !== bundle.counts[table]) {
        context.addIssue({ code: 'custom', path: ['counts', table], message: `says ${bundle.counts[table]} rows, the file holds ${bundle[table].length}` });
      }
    }
    const caseIds = new Set(bundle.cases.map((record) => record.id));
    const createdCaseIds = new Set(bundle.caseEvents.filter((event) => event.type === 'created').map((event) => event.caseId));
    bundle.caseEvents.forEach((event, index) => {
      if (!caseIds.has(event.caseId)) context.addIssue({ code: 'custom', path: ['caseEvents', index, 'caseId'], message: 'belongs to no case in the file' });
    });
    bundle.cases.forEach((record, index) => {
      if (!createdCaseIds.has(record.id)) context.addIssue({ code: 'custom', path: ['cases', index], message: `case ${record.receiptNo} has no created event` });
    });
    addDuplicateIssues(context, 'agents', bundle.agents.map((agent) => agent.id));
    addDuplicateIssues(context, 'cases', bundle.cases.map((record) => record.id));
    addDuplicateIssues(context, 'caseEvents', bundle.caseEvents.map((event) => event.id));
    addDuplicateIssues(context, 'feedback', bundle.feedback.map((ticket) => ticket.id));
    addDuplicateIssues(context, 'counters', bundle.counters.map((counter) => counter.key));
  });
export type BackupBundle = z.infer<typeof backupBundleSchema>;

function addDuplicateIssues(context: z.RefinementCtx, table: string, keys: string[]): void {
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (seen.has(key)) context.addIssue({ code: 'custom', path: [table, index], message: `duplicate key ${key}` });
    seen.add(key);
  });
}

const MAX_LISTED_ISSUES = 5;

/** Parses decrypted bytes into a bundle, or throws a BackupError naming the first offending rows. */
export function parseBackupBundle(plaintext: Uint8Array): BackupBundle {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new BackupError('damaged', 'the decrypted backup is not JSON');
  }
  const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== BACKUP_FORMAT) throw new BackupError('notABackup', 'the decrypted file is not a kiosk backup');
  if (head.data.version !== BACKUP_VERSION) {
    throw new BackupError('unsupportedVersion', `backup version ${String(head.data.version)} is not supported`, { version: String(head.data.version) });
  }
  const parsed = backupBundleSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : '';
  throw new BackupError('invalidContent', `the backup's records do not check: ${listed.join('; ')}${more}`, {
    where: issues[0]?.path.join('.') ?? '',
  });
}
