import { enqueueOutbox } from './outbox';
import { z } from 'zod';
import type { AgentPublic } from '../../../../shared/domain/agent';
import { caseEventSchema, caseMaterialSchema, type CaseApplicant, type CaseEvent, type CaseMaterial, type CaseState } from '../../../../shared/domain/case';
import { addWorkingDays } from '../../../../shared/calendar/workingDays';
import { caseProjection, foldCase } from '../../../../shared/cases/fold';
import { localTimestamp } from '../../../../shared/cases/timestamps';
import { checkTransition, isOverdue } from '../../../../shared/cases/transitions';
import { parseIdNumber } from '../../../../shared/identity/idNumber';
import { parsePhone } from '../../../../shared/identity/phone';
import { uuidv7 } from '../../../../shared/ids/uuidv7';
import type { KioskDatabase } from '../schema';
import type { StoredCase } from '../villageRecords';
import { appendAudit } from './audit';
import { kioskToday, takeReceiptNumber } from './receiptNumbers';
import { getDeviceId } from './settings';
import { villageGroupCount } from './caseQueries';

export * from './caseQueries';

/** What the agent filled in; each field is unchecked until createCase validates it. */
export interface CaseInput {
  itemCode: unknown;
  applicant: { name: unknown; idNumber: unknown; phone: unknown; group: unknown };
  materials: unknown;
  note?: unknown;
  householdKey?: unknown;
  disbursementId?: unknown;
}

export type CaseField = 'itemCode' | 'name' | 'idNumber' | 'phone' | 'group' | 'materials' | 'note' | 'householdKey' | 'disbursementId';

export interface CaseFieldError {
  code: string;
  message: string;
}

export type CaseErrors = Partial<Record<CaseField, CaseFieldError>>;

export type CreateCaseResult = { ok: true; record: StoredCase } | { ok: false; errors: CaseErrors };

export type CaseChangeResult =
  | { ok: true; record: StoredCase }
  | { ok: false; code: 'NOT_FOUND' | 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED' | 'INVALID_MATERIALS'; message: string };

/** The kiosk clock, injectable so tests can pin the day. */
export interface CaseClock {
  now?: Date;
}

const NAME = z.string().trim().min(1, 'the applicant needs a name').max(20, 'a name has at most 20 characters');
const NOTE_MAX = 500;
const materialsSchema = z.array(caseMaterialSchema).max(30);
const optionalKey = z.string().trim().max(80).nullable();

function fieldError(code: string, message: string): CaseFieldError {
  return { code, message };
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalText(value: unknown, max: number): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  const parsed = optionalKey.safeParse(value);
  return parsed.success && (parsed.data ?? '').length <= max ? parsed.data : undefined;
}

export type ApplicantField = 'name' | 'idNumber' | 'phone' | 'group';

/**
 * The applicant's fields, checked with the shared rules: the new-case form runs it before leaving
 * the applicant step, and createCase runs it again before writing.
 */
export function checkApplicant(
  applicant: CaseInput['applicant'],
  context: { today: string; groups: number | null },
): { errors: Partial<Record<ApplicantField, CaseFieldError>>; value: CaseApplicant | null } {
  const errors: Partial<Record<ApplicantField, CaseFieldError>> = {};
  const name = NAME.safeParse(applicant.name);
  if (!name.success) errors.name = fieldError(asText(applicant.name).trim() === '' ? 'EMPTY' : 'TOO_LONG', name.error.issues[0]?.message ?? 'invalid name');
  const id = parseIdNumber(asText(applicant.idNumber), { today: context.today });
  if (!id.ok) errors.idNumber = fieldError(id.code, id.message);
  const phone = parsePhone(asText(applicant.phone));
  if (!phone.ok) errors.phone = fieldError(phone.code, phone.message);
  const group = applicant.group;
  const groupOk = typeof group === 'number' && Number.isInteger(group) && group >= 1 && group <= (context.groups ?? 99);
  if (!groupOk) errors.group = fieldError('GROUP', context.groups ? `choose a village group from 1 to ${context.groups}` : 'choose the village group');
  if (!name.success || !id.ok || !phone.ok || !groupOk) return { errors, value: null };
  return { errors, value: { name: name.data, idNumber: id.value.id, phone: phone.value, group } };
}

/** Everything createCase will write, or the reasons it will not. Reads only; nothing is stored. */
async function validateCaseInput(db: KioskDatabase, input: CaseInput, today: string) {
  const errors: CaseErrors = {};
  const itemCode = asText(input.itemCode);
  const item = itemCode === '' ? undefined : await db.serviceItems.get(itemCode);
  if (!item) errors.itemCode = fieldError(itemCode === '' ? 'EMPTY' : 'UNKNOWN_ITEM', itemCode === '' ? 'choose a service item' : `no service item ${itemCode} in the catalog`);

  const applicant = checkApplicant(input.applicant, { today, groups: await villageGroupCount(db) });
  Object.assign(errors, applicant.errors);

  const materials = materialsSchema.safeParse(input.materials);
  if (!materials.success) errors.materials = fieldError('INVALID', 'the materials list could not be read');
  else if (item && item.materials.length > 0 && materials.data.length === 0) {
    errors.materials = fieldError('MATERIALS_REQUIRED', `${item.name} needs materials: list what the applicant brought and what is missing`);
  }

  const note = input.note === undefined || input.note === null ? '' : typeof input.note === 'string' ? input.note.trim() : null;
  if (note === null || note.length > NOTE_MAX) errors.note = fieldError('TOO_LONG', `a note has at most ${NOTE_MAX} characters`);
  const householdKey = optionalText(input.householdKey, 40);
  if (householdKey === undefined) errors.householdKey = fieldError('INVALID', 'not a household key');
  const disbursementId = optionalText(input.disbursementId, 80);
  if (disbursementId === undefined) errors.disbursementId = fieldError('INVALID', 'not a disbursement id');

  if (Object.keys(errors).length > 0 || !item || !applicant.value || !materials.success) return { ok: false as const, errors };
  return {
    ok: true as const,
    item,
    applicant: applicant.value,
    materials: materials.data,
    note: note ?? '',
    householdKey: householdKey ?? null,
    disbursementId: disbursementId ?? null,
  };
}

async function nextAuthorSeq(db: KioskDatabase): Promise<number> {
  const next = ((await db.counters.get('authorSeq'))?.value ?? 0) + 1;
  await db.counters.put({ key: 'authorSeq', value: next });
  return next;
}

async function refold(db: KioskDatabase, caseId: string): Promise<StoredCase> {
  const projection = caseProjection(foldCase(await db.caseEvents.where('caseId').equals(caseId).toArray()));
  await db.cases.put(projection);
  return projection;
}

function assertActive(actor: AgentPublic): void {
  if (!actor.active) throw new Error(`agent ${actor.name} is disabled`);
}

/** Validates, numbers and stores a new case with its created event and audit entry, all or nothing. */
export async function createCase(db: KioskDatabase, input: CaseInput, actor: AgentPublic, clock: CaseClock = {}): Promise<CreateCaseResult> {
  assertActive(actor);
  const now = clock.now ?? new Date();
  const today = kioskToday(now);
  const checked = await validateCaseInput(db, input, today);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const deadline = addWorkingDays(today, checked.item.promisedDays, await db.holidays.toArray());

  const record = await db.transaction('rw', [db.cases, db.caseEvents, db.counters, db.meta, db.settings, db.auditLog, db.outbox], async () => {
    const receiptNo = await takeReceiptNumber(db, 'DB', today);
    const event = caseEventSchema.parse({
      id: uuidv7(now.getTime()),
      caseId: uuidv7(now.getTime()),
      author: { kind: 'device', id: await getDeviceId(db) },
      authorSeq: await nextAuthorSeq(db),
      parentId: null,
      recordedAt: localTimestamp(now),
      actorName: actor.name,
      type: 'created',
      receiptNo,
      itemCode: checked.item.code,
      itemName: checked.item.name,
      applicant: checked.applicant,
      materials: checked.materials,
      promisedDays: checked.item.promisedDays,
      deadline,
      householdKey: checked.householdKey,
      disbursementId: checked.disbursementId,
      note: checked.note,
    });
    await db.caseEvents.add(event);
    await enqueueOutbox(db, 'caseEvent', event.id, event);
    const stored = await refold(db, event.caseId);
    await appendAudit(db, { actorId: actor.id, actorName: actor.name, action: 'caseCreated', subject: receiptNo, details: { itemCode: checked.item.code, deadline } }, now);
    return stored;
  });
  return { ok: true, record };
}

type EventBody = { type: 'transition'; to: CaseState; reason: string } | { type: 'materials'; materials: CaseMaterial[] };

/** Appends one event on top of the case's head, re-folds, audits; `guard` may refuse after reading the current case. */
async function appendCaseEvent(
  db: KioskDatabase,
  caseId: string,
  actor: AgentPublic,
  now: Date,
  guard: (current: StoredCase) => CaseChangeResult | null,
  body: EventBody,
): Promise<CaseChangeResult> {
  assertActive(actor);
  return db.transaction('rw', [db.cases, db.caseEvents, db.counters, db.settings, db.auditLog, db.outbox], async () => {
    const current = await db.cases.get(caseId);
    if (!current) return { ok: false, code: 'NOT_FOUND', message: `no case ${caseId}` } as const;
    const refusal = guard(current);
    if (refusal) return refusal;
    const event: CaseEvent = caseEventSchema.parse({
      id: uuidv7(now.getTime()),
      caseId,
      author: { kind: 'device', id: await getDeviceId(db) },
      authorSeq: await nextAuthorSeq(db),
      parentId: current.headEventId,
      recordedAt: localTimestamp(now),
      actorName: actor.name,
      ...body,
    });
    await db.caseEvents.add(event);
    await enqueueOutbox(db, 'caseEvent', event.id, event);
    const record = await refold(db, caseId);
    const details: Record<string, string | number | boolean | null> = body.type === 'transition'
      ? { from: current.state, to: body.to, reason: body.reason }
      : { received: body.materials.filter((m) => m.received).length, missing: body.materials.filter((m) => !m.received).length };
    await appendAudit(db, { actorId: actor.id, actorName: actor.name, action: body.type === 'transition' ? 'caseTransition' : 'caseMaterials', subject: current.receiptNo, details }, now);
    return { ok: true, record } as const;
  });
}

/** Moves a case to `to` if the lifecycle allows it from the current state; otherwise nothing is written. */
export async function transitionCase(db: KioskDatabase, caseId: string, to: CaseState, reason: string, actor: AgentPublic, clock: CaseClock = {}): Promise<CaseChangeResult> {
  const trimmed = reason.trim();
  return appendCaseEvent(db, caseId, actor, clock.now ?? new Date(), (current) => {
    const check = checkTransition(current.state, to, trimmed);
    return check.ok ? null : { ok: false, code: check.code, message: check.message };
  }, { type: 'transition', to, reason: trimmed });
}

/** Replaces the case's materials checklist (what was received, what is still missing). */
export async function updateMaterials(db: KioskDatabase, caseId: string, materials: unknown, actor: AgentPublic, clock: CaseClock = {}): Promise<CaseChangeResult> {
  const parsed = materialsSchema.safeParse(materials);
  if (!parsed.success) return { ok: false, code: 'INVALID_MATERIALS', message: 'the materials list could not be read' };
  return appendCaseEvent(db, caseId, actor, clock.now ?? new Date(), () => null, { type: 'materials', materials: parsed.data });
}

/** Overdue cases for the agent's list, most overdue (earliest deadline) first. */
export async function listOverdueCases(db: KioskDatabase, todayIso: string): Promise<StoredCase[]> {
  const late = await db.cases.where('deadline').below(todayIso).toArray();
  return late.filter((record) => isOverdue(record, todayIso)).sort((a, b) => (a.deadline === b.deadline ? a.receiptNo.localeCompare(b.receiptNo) : a.deadline < b.deadline ? -1 : 1));
}
