import type { Kysely } from 'kysely';
import type { ZodError } from 'zod';
import { auditHash, canonicalJson } from '../../../shared/audit/auditChain';
import { localPartOf } from '../../../shared/cases/receiptNo';
import { AUDIT_GENESIS_HASH, auditEntrySchema } from '../../../shared/domain/audit';
import { caseEventSchema, type CaseEvent } from '../../../shared/domain/case';
import { feedbackSchema, type Feedback } from '../../../shared/domain/feedback';
import { parseIdNumber } from '../../../shared/identity/idNumber';
import type { PushEntry } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { describeZodError } from '../plugins/errorHandler';
import { findAuditEntry, findAuditHead, insertAuditEntry } from '../repositories/auditEntries';
import { findCaseCreationId, findCaseEvent, findCaseVillage, insertCaseEvent, villageHoldsCase } from '../repositories/caseEvents';
import { findFeedback, insertFeedback } from '../repositories/feedback';
import type { RejectionCode } from '../repositories/pushRejections';
import { flagAuditChainBroken } from '../repositories/pushState';
import { authorIdOf, type DeviceRecord } from '../repositories/devices';

export type EntryOutcome = { ok: true } | { ok: false; code: RejectionCode; message: string };

export interface EntryContext {
  trx: Kysely<Database>;
  device: DeviceRecord;
  now: Date;
  /** Records this batch stored: the batch refreshes their dashboard projections once, at its end. */
  touched: { caseIds: Set<string>; feedbackIds: Set<string> };
}

const ACCEPTED: EntryOutcome = { ok: true };

/** Messages are stored and echoed: control characters from hostile input (NUL breaks PostgreSQL text) are blanked. */
function reject(code: RejectionCode, message: string): EntryOutcome {
  return { ok: false, code, message: message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300) };
}

function invalidBody(error: ZodError): EntryOutcome {
  return reject('INVALID_BODY', describeZodError(error));
}

/** DB-<village>-… / YJ-<village>-…: the 12 digits after the kind prefix. */
function villageOfReceipt(receiptNo: string): string {
  return receiptNo.slice(3, 15);
}

/**
 * A record id stored before: the same content is a resend (a kiosk restored from backup pushes
 * again with new seqs) and is accepted as it is; other content under the same id is refused.
 */
function compareStored(stored: { body: string } | undefined, body: string, what: string): EntryOutcome | undefined {
  if (stored === undefined) return undefined;
  return stored.body === body ? ACCEPTED : reject('ID_MISMATCH', `${what} is already stored with different content`);
}

async function checkCreatedEvent(ctx: EntryContext, event: Extract<CaseEvent, { type: 'created' }>): Promise<EntryOutcome> {
  if (!event.receiptNo.startsWith('DB-')) return reject('INVALID_BODY', 'a case receipt number starts with DB-');
  if (villageOfReceipt(event.receiptNo) !== ctx.device.villageCode) {
    return reject('WRONG_VILLAGE', `receipt ${event.receiptNo} belongs to another village than this device's`);
  }
  // The server's date bounds the birth date: the kiosk clock is not trusted.
  const idNumber = parseIdNumber(event.applicant.idNumber, { today: ctx.now.toISOString().slice(0, 10) });
  if (!idNumber.ok) return reject('INVALID_ID_NUMBER', `applicant ID number: ${idNumber.message}`);
  const existingCreation = await findCaseCreationId(ctx.trx, event.caseId);
  if (existingCreation !== undefined) return reject('ID_MISMATCH', `case ${event.caseId} was already created by another event`);
  return ACCEPTED;
}

export async function applyCaseEvent(ctx: EntryContext, entry: PushEntry): Promise<EntryOutcome> {
  const parsed = caseEventSchema.safeParse(entry.body);
  if (!parsed.success) return invalidBody(parsed.error);
  const event = parsed.data;
  if (event.id !== entry.id) return reject('INVALID_BODY', 'the entry id is not the event id');
  // The kiosk's own author id, sent when it enrolled: events written before enrollment, or under an
  // earlier enrollment of the same kiosk, carry it too.
  if (event.author.kind !== 'device' || event.author.id !== authorIdOf(ctx.device)) {
    return reject('INVALID_BODY', 'a kiosk pushes only events it wrote itself (author must be the author id it enrolled with)');
  }
  const body = canonicalJson(event);
  const duplicate = compareStored(await findCaseEvent(ctx.trx, event.id), body, `case event ${event.id}`);
  if (duplicate !== undefined) return duplicate;

  if (event.type === 'created') {
    const verdict = await checkCreatedEvent(ctx, event);
    if (!verdict.ok) return verdict;
  } else if (!(await villageHoldsCase(ctx.trx, event.caseId, ctx.device.villageCode))) {
    // Events applied earlier in this batch are already visible in the transaction, so a case
    // created and changed in one batch is found here.
    return reject('UNKNOWN_CASE', `no case ${event.caseId} in this village`);
  }
  const inserted = await insertCaseEvent(ctx.trx, {
    id: event.id,
    case_id: event.caseId,
    village_code: ctx.device.villageCode,
    device_id: ctx.device.id,
    type: event.type,
    author_seq: event.authorSeq,
    body,
    received_at: ctx.now.toISOString(),
    receipt_no: event.type === 'created' ? event.receiptNo : null,
  });
  if (inserted) {
    ctx.touched.caseIds.add(event.caseId);
    return ACCEPTED;
  }
  // Another device's batch stored the same id, or another creation of the case, since the checks above.
  return compareStored(await findCaseEvent(ctx.trx, event.id), body, `case event ${event.id}`) ?? reject('ID_MISMATCH', `case ${event.caseId} was already created by another event`);
}

/**
 * Feedback about a case must name one of the device's own village: a kiosk never learns of
 * another village's cases, so anything else is a forged or misrouted ticket.
 */
async function checkFeedbackSubject(ctx: EntryContext, feedback: Feedback): Promise<EntryOutcome> {
  if (feedback.subject.kind !== 'case') return ACCEPTED;
  const village = await findCaseVillage(ctx.trx, feedback.subject.caseId);
  if (village === undefined) return reject('UNKNOWN_CASE', `feedback names case ${feedback.subject.caseId}, which no village holds`);
  if (village !== ctx.device.villageCode) return reject('WRONG_VILLAGE', `feedback names case ${feedback.subject.caseId} of another village than this device's`);
  return ACCEPTED;
}

export async function applyFeedback(ctx: EntryContext, entry: PushEntry): Promise<EntryOutcome> {
  const parsed = feedbackSchema.safeParse(entry.body);
  if (!parsed.success) return invalidBody(parsed.error);
  const feedback = parsed.data;
  if (feedback.id !== entry.id) return reject('INVALID_BODY', 'the entry id is not the feedback id');
  if (!feedback.ticketNo.startsWith('YJ-')) return reject('INVALID_BODY', 'a feedback ticket number starts with YJ-');
  if (localPartOf(feedback.ticketNo) !== feedback.localNo) return reject('INVALID_BODY', 'localNo is not the ticket number\'s local part');
  const body = canonicalJson(feedback);
  const duplicate = compareStored(await findFeedback(ctx.trx, feedback.id), body, `feedback ${feedback.id}`);
  if (duplicate !== undefined) return duplicate;
  if (villageOfReceipt(feedback.ticketNo) !== ctx.device.villageCode) {
    return reject('WRONG_VILLAGE', `ticket ${feedback.ticketNo} belongs to another village than this device's`);
  }
  const subject = await checkFeedbackSubject(ctx, feedback);
  if (!subject.ok) return subject;
  const row = { id: feedback.id, village_code: ctx.device.villageCode, device_id: ctx.device.id, body, received_at: ctx.now.toISOString(), ticket_no: feedback.ticketNo };
  if (await insertFeedback(ctx.trx, row)) {
    ctx.touched.feedbackIds.add(feedback.id);
    return ACCEPTED;
  }
  // Stored by another device's batch since the check above: the same comparison decides.
  return compareStored(await findFeedback(ctx.trx, feedback.id), body, `feedback ${feedback.id}`) ?? reject('ID_MISMATCH', `feedback ${feedback.id} could not be stored`);
}

/**
 * The device's audit chain, checked entry by entry against what the server holds. A break is
 * flagged on the device and reported, but the entry is still kept (it is evidence, and the chain
 * continues from it), so one break is reported once rather than for every later entry.
 */
export async function applyAuditEntry(ctx: EntryContext, entry: PushEntry): Promise<EntryOutcome> {
  const parsed = auditEntrySchema.safeParse(entry.body);
  if (!parsed.success) return invalidBody(parsed.error);
  const audit = parsed.data;
  if (entry.id !== String(audit.seq)) return reject('INVALID_BODY', 'the entry id is not the audit seq');
  const body = canonicalJson(audit);
  const deviceId = ctx.device.id;

  const stored = await findAuditEntry(ctx.trx, deviceId, audit.seq);
  if (stored !== undefined) {
    if (stored.body === body) return ACCEPTED;
    await flagAuditChainBroken(ctx.trx, deviceId, audit.seq, ctx.now);
    return reject('AUDIT_CHAIN_BROKEN', `audit entry ${audit.seq} differs from the one already stored`);
  }

  const head = await findAuditHead(ctx.trx, deviceId);
  const expectedSeq = (head?.seq ?? 0) + 1;
  const expectedPrev = head?.hash ?? AUDIT_GENESIS_HASH;
  let broken: string | undefined;
  if (auditHash(audit) !== audit.hash) broken = `audit entry ${audit.seq} does not match its own hash (edited)`;
  else if (audit.seq !== expectedSeq) broken = `audit entry ${audit.seq} does not follow ${expectedSeq - 1} (entries removed or reordered)`;
  else if (audit.prevHash !== expectedPrev) broken = `audit entry ${audit.seq} does not chain to the entry before it`;

  await insertAuditEntry(ctx.trx, { device_id: deviceId, seq: audit.seq, hash: audit.hash, body, received_at: ctx.now.toISOString() });
  if (broken === undefined) return ACCEPTED;
  await flagAuditChainBroken(ctx.trx, deviceId, audit.seq, ctx.now);
  return reject('AUDIT_CHAIN_BROKEN', broken);
}
