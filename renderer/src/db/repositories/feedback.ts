import { enqueueOutbox } from './outbox';
import { feedbackCategorySchema, feedbackSchema, feedbackSubjectSchema, type Feedback, type FeedbackSubject } from '../../../../shared/domain/feedback';
import { localPartOf } from '../../../../shared/cases/receiptNo';
import { objectionWindow } from '../../../../shared/feedback/objectionWindow';
import { parsePhone } from '../../../../shared/identity/phone';
import { uuidv7 } from '../../../../shared/ids/uuidv7';
import { getMeta } from '../queries/meta';
import type { KioskDatabase } from '../schema';
import { appendAudit } from './audit';
import { kioskToday, takeReceiptNumber } from './receiptNumbers';

/** What the resident filled in; every field is unchecked until createFeedback parses it. */
export interface FeedbackInput {
  subject: unknown;
  category: unknown;
  text: unknown;
  callbackPhone: unknown;
}

export const FEEDBACK_TEXT_MAX = 500;

export type FeedbackField = 'subject' | 'category' | 'text' | 'callbackPhone';

export type FeedbackError =
  | { code: 'INVALID' }
  | { code: 'UNKNOWN_PROGRAM' }
  | { code: 'UNKNOWN_DISBURSEMENT' }
  | { code: 'NOTICE_NOT_OPEN'; opensOn: string }
  | { code: 'OBJECTION_NEEDS_SUBJECT' }
  | { code: 'TEXT_REQUIRED' }
  | { code: 'TOO_LONG'; max: number; length: number }
  | { code: 'PHONE_FORMAT'; message: string };

export type FeedbackErrors = Partial<Record<FeedbackField, FeedbackError>>;

export type CreateFeedbackResult = { ok: true; feedback: Feedback } | { ok: false; errors: FeedbackErrors };

/** The kiosk's clock for the ticket number and the notice window; tests pass a fixed one. */
export interface CreateFeedbackOptions {
  today?: string;
  now?: Date;
}

interface CheckedInput {
  subject: FeedbackSubject;
  category: Feedback['category'];
  text: string;
  callbackPhone: string | null;
}

function checkText(raw: unknown): { ok: true; value: string } | { ok: false; error: FeedbackError } {
  if (raw === undefined || raw === null) return { ok: true, value: '' };
  if (typeof raw !== 'string') return { ok: false, error: { code: 'INVALID' } };
  // Kept exactly as typed (markup included): screens and slips render it as text, never as HTML.
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (value.length > FEEDBACK_TEXT_MAX) return { ok: false, error: { code: 'TOO_LONG', max: FEEDBACK_TEXT_MAX, length: value.length } };
  return { ok: true, value };
}

function checkPhone(raw: unknown): { ok: true; value: string | null } | { ok: false; error: FeedbackError } {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, error: { code: 'INVALID' } };
  const parsed = parsePhone(raw);
  if (parsed.ok) return { ok: true, value: parsed.value };
  // Leaving the optional phone blank is fine; anything typed must be a real number.
  return parsed.code === 'EMPTY' ? { ok: true, value: null } : { ok: false, error: { code: 'PHONE_FORMAT', message: parsed.message } };
}

/** The subject must name records this kiosk holds, and an objection must be within its window. */
async function checkSubject(db: KioskDatabase, subject: FeedbackSubject, category: Feedback['category'] | null, today: string): Promise<FeedbackError | null> {
  if (subject.kind === 'general') return category === 'objection' ? { code: 'OBJECTION_NEEDS_SUBJECT' } : null;
  if (subject.kind === 'case') return (await db.cases.get(subject.caseId)) ? null : { code: 'INVALID' };
  const program = await db.programs.get(subject.programId);
  if (!program) return { code: 'UNKNOWN_PROGRAM' };
  if (subject.kind === 'disbursement') {
    const row = await db.disbursements.get(subject.disbursementId);
    if (!row || row.programId !== subject.programId) return { code: 'UNKNOWN_DISBURSEMENT' };
  }
  if (category === 'objection') {
    const window = objectionWindow(program.noticeFrom, today, (await getMeta(db, 'dataAsOf')) ?? null);
    if (!window.open) return { code: 'NOTICE_NOT_OPEN', opensOn: window.opensOn };
  }
  return null;
}

async function checkInput(db: KioskDatabase, input: FeedbackInput, today: string): Promise<{ ok: true; value: CheckedInput } | { ok: false; errors: FeedbackErrors }> {
  const errors: FeedbackErrors = {};
  const subject = feedbackSubjectSchema.safeParse(input.subject);
  const category = feedbackCategorySchema.safeParse(input.category);
  const text = checkText(input.text);
  const phone = checkPhone(input.callbackPhone);
  if (!category.success) errors.category = { code: 'INVALID' };
  if (!subject.success) errors.subject = { code: 'INVALID' };
  else {
    const problem = await checkSubject(db, subject.data, category.success ? category.data : null, today);
    if (problem?.code === 'OBJECTION_NEEDS_SUBJECT') errors.category = problem;
    else if (problem) errors.subject = problem;
  }
  if (!text.ok) errors.text = text.error;
  // General feedback without a word says nothing the county could answer.
  else if (text.value === '' && subject.success && subject.data.kind === 'general') errors.text = { code: 'TEXT_REQUIRED' };
  if (!phone.ok) errors.callbackPhone = phone.error;
  if (!subject.success || !category.success || !text.ok || !phone.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { subject: subject.data, category: category.data, text: text.value, callbackPhone: phone.value } };
}

function subjectDetails(subject: FeedbackSubject): Record<string, string> {
  switch (subject.kind) {
    case 'program':
      return { subjectKind: subject.kind, programId: subject.programId };
    case 'disbursement':
      return { subjectKind: subject.kind, programId: subject.programId, disbursementId: subject.disbursementId };
    case 'case':
      return { subjectKind: subject.kind, caseId: subject.caseId };
    case 'general':
      return { subjectKind: subject.kind };
  }
}

/**
 * Files a resident's objection or feedback: validated, numbered (YJ-…) and audited in one
 * transaction, so a ticket number is never taken without its ticket, nor a ticket kept unaudited.
 */
export async function createFeedback(db: KioskDatabase, input: FeedbackInput, options: CreateFeedbackOptions = {}): Promise<CreateFeedbackResult> {
  const now = options.now ?? new Date();
  const today = options.today ?? kioskToday(now);
  const checked = await checkInput(db, input, today);
  if (!checked.ok) return checked;
  const { subject, category, text, callbackPhone } = checked.value;

  const feedback = await db.transaction('rw', [db.feedback, db.counters, db.meta, db.settings, db.auditLog, db.outbox], async () => {
    const ticketNo = await takeReceiptNumber(db, 'YJ', today);
    const record = feedbackSchema.parse({
      id: uuidv7(),
      ticketNo,
      localNo: localPartOf(ticketNo),
      subject,
      category,
      text,
      callbackPhone,
      state: 'open',
      createdAt: now.toISOString(),
      answer: null,
    } satisfies Feedback);
    await db.feedback.add(record);
    await enqueueOutbox(db, 'feedback', record.id, record);
    await appendAudit(db, { actorId: null, actorName: 'resident', action: 'feedbackCreated', subject: ticketNo, details: { category, ...subjectDetails(subject) } });
    return record;
  });
  return { ok: true, feedback };
}

/** By the 9 digits a resident types (cases and tickets share the daily sequence, so it is unique here). */
export function findFeedbackByLocalNo(db: KioskDatabase, localNo: string): Promise<Feedback | undefined> {
  return db.feedback.where('localNo').equals(localNo).first();
}

export function findFeedbackByTicketNo(db: KioskDatabase, ticketNo: string): Promise<Feedback | undefined> {
  return db.feedback.where('ticketNo').equals(ticketNo).first();
}
