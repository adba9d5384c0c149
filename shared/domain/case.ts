import { z } from 'zod';
import { UUID_PATTERN } from '../ids/uuidv7';
import { isoDateSchema } from './common';

/** 已委托 → 已受理 | 不予受理 → 材料待补 → 已报送/承办中 → 已办结 → 已回交; 已终止 and 续办 on the side. */
export const CASE_STATES = ['entrusted', 'accepted', 'declined', 'awaitingMaterials', 'submitted', 'completed', 'handedBack', 'terminated', 'renewed'] as const;
export const caseStateSchema = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof caseStateSchema>;

const uuid = z.string().regex(UUID_PATTERN, 'not a UUID');

/**
 * Receipt and ticket numbers: kind prefix + 12-digit village code + YYMMDD + 3 digits (the kiosk's
 * station number in its village, then its 2-digit daily sequence; see shared/cases/receiptNo.ts),
 * e.g. DB-341299101201-261127-107 (a case) or YJ-… (feedback). Unique in the village without the
 * network because the county gives each kiosk of a village its own station number. Residents at
 * their own station type only the 9-digit local part (261127107).
 */
export const receiptNoSchema = z.string().regex(/^(DB|YJ)-\d{12}-\d{6}-\d{3}$/, 'not a receipt number');
export const localReceiptNoSchema = z.string().regex(/^\d{9}$/, 'a receipt number has 9 digits');

export const caseMaterialSchema = z.object({
  name: z.string().trim().min(1).max(100),
  copies: z.number().int().min(0).max(20),
  original: z.boolean(),
  received: z.boolean(),
});
export type CaseMaterial = z.infer<typeof caseMaterialSchema>;

/** Who wrote an event: this kiosk (device id) or a county user. */
export const eventAuthorSchema = z.object({ kind: z.enum(['device', 'county']), id: z.string().min(1).max(64) });
export type EventAuthor = z.infer<typeof eventAuthorSchema>;

const eventBase = {
  id: uuid,
  caseId: uuid,
  author: eventAuthorSchema,
  /** Gap-free per author: the fold orders by (causal parent, author, authorSeq), never by clock. */
  authorSeq: z.number().int().min(1),
  /** The newest event of this case the author knew when writing (null for the creation). */
  parentId: uuid.nullable(),
  /** The author's clock, for display only. */
  recordedAt: z.string().datetime({ offset: true }),
  actorName: z.string().max(40),
};

export const caseApplicantSchema = z.object({
  name: z.string().trim().min(1).max(20),
  /** Full 18-character ID, validated with parseIdNumber by the forms; never shown on a resident screen. */
  idNumber: z.string().regex(/^\d{17}[\dX]$/),
  phone: z.string().max(20),
  group: z.number().int().min(1).max(99),
});
export type CaseApplicant = z.infer<typeof caseApplicantSchema>;

export const caseCreatedEventSchema = z.object({
  ...eventBase,
  type: z.literal('created'),
  receiptNo: receiptNoSchema,
  itemCode: z.string().regex(/^[A-Z]{2}\d{3}$/),
  itemName: z.string().min(1).max(100),
  applicant: caseApplicantSchema,
  materials: z.array(caseMaterialSchema).max(30),
  promisedDays: z.number().int().min(1).max(120),
  /** Working-day deadline from the county holiday calendar, computed when the case was created. */
  deadline: isoDateSchema,
  /** Set when the case was opened from a failed payment. */
  householdKey: z.string().max(40).nullable(),
  disbursementId: z.string().max(80).nullable(),
  note: z.string().max(500),
});

export const caseTransitionEventSchema = z.object({
  ...eventBase,
  type: z.literal('transition'),
  to: caseStateSchema,
  reason: z.string().trim().max(500),
});

export const caseMaterialsEventSchema = z.object({
  ...eventBase,
  type: z.literal('materials'),
  materials: z.array(caseMaterialSchema).max(30),
});

export const caseEventSchema = z.discriminatedUnion('type', [caseCreatedEventSchema, caseTransitionEventSchema, caseMaterialsEventSchema]);
export type CaseEvent = z.infer<typeof caseEventSchema>;
export type CaseCreatedEvent = z.infer<typeof caseCreatedEventSchema>;
export type CaseTransitionEvent = z.infer<typeof caseTransitionEventSchema>;

export interface CaseHistoryEntry {
  eventId: string;
  to: CaseState;
  reason: string;
  recordedAt: string;
  actorName: string;
  author: EventAuthor;
}

/** A case as the fold of its events: what screens read. Stored as a projection for indexed queries. */
export interface CaseRecord {
  id: string;
  receiptNo: string;
  /** The 9 digits a resident types. */
  localNo: string;
  itemCode: string;
  itemName: string;
  applicant: CaseApplicant;
  materials: CaseMaterial[];
  deadline: string;
  state: CaseState;
  createdAt: string;
  agentName: string;
  householdKey: string | null;
  disbursementId: string | null;
  history: CaseHistoryEntry[];
  /** Events the fold could not apply (an illegal transition that arrived from elsewhere). */
  rejectedEventIds: string[];
  /** Id of the last event folded: the parent of the next event written here. */
  headEventId: string;
}
