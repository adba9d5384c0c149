import { chainNextEntry } from '../../shared/audit/auditChain';
import { formatReceiptNo, localPartOf, MAX_DAILY_SEQUENCE, UNENROLLED_STATION_NO } from '../../shared/cases/receiptNo';
import type { AuditEntry } from '../../shared/domain/audit';
import type { CaseEvent } from '../../shared/domain/case';
import type { Feedback } from '../../shared/domain/feedback';
import { completeIdNumber } from '../../shared/identity/idNumber';
import { uuidv7 } from '../../shared/ids/uuidv7';
import { enrollResponseSchema, type EnrollResponse, type PushEntry } from '../../shared/sync/protocol';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { postJson, type RunningServer } from './http';

export const VALID_ID_NUMBER = completeIdNumber('13012319800101001');
/** The same number with its check digit changed: one mistyped digit. */
export const BAD_CHECK_DIGIT_ID = VALID_ID_NUMBER.slice(0, 17) + (VALID_ID_NUMBER[17] === '1' ? '2' : '1');

/** Without `authorId` the request is an old client's: the county takes the new device id as its author id. */
export async function enrollKiosk(server: RunningServer, villageCode: string, name = 'kiosk', authorId?: string): Promise<EnrollResponse> {
  const { code } = await issueEnrollmentCode(server.handle.db, villageCode, 3_600_000);
  const response = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code, deviceName: name, ...(authorId === undefined ? {} : { authorId }) });
  return enrollResponseSchema.parse(await response.json());
}

/**
 * A kiosk's outbox as the kiosk writes it: records with valid ids, receipt numbers, author seqs
 * and audit chain, each queued with the next gap-free seq.
 */
export class KioskOutbox {
  readonly entries: PushEntry[] = [];
  private authorSeq = 0;
  private dailySeq = 0;
  private auditHead: AuditEntry | null = null;
  readonly heads = new Map<string, string>();

  /** `stationNo`: the enrolled kiosk's number; left at 0, two outboxes of a village share their numbers. */
  constructor(
    readonly deviceId: string,
    readonly villageCode: string,
    readonly stationNo: number = UNENROLLED_STATION_NO,
  ) {}

  private queue(kind: PushEntry['kind'], id: string, body: unknown): PushEntry {
    const entry: PushEntry = { seq: this.entries.length + 1, kind, id, body };
    this.entries.push(entry);
    return entry;
  }

  private nextReceipt(kind: 'DB' | 'YJ', villageCode: string): string {
    this.dailySeq += 1;
    // A station issues at most MAX_DAILY_SEQUENCE numbers a day: a long outbox runs over several days.
    const dayIndex = Math.floor((this.dailySeq - 1) / MAX_DAILY_SEQUENCE);
    const day = new Date(Date.UTC(2026, 10, 27 + dayIndex)).toISOString().slice(0, 10);
    return formatReceiptNo(kind, villageCode, day, ((this.dailySeq - 1) % MAX_DAILY_SEQUENCE) + 1, this.stationNo);
  }

  createCase(options: { idNumber?: string; receiptVillage?: string } = {}): CaseEvent & { type: 'created' } {
    const event: CaseEvent & { type: 'created' } = {
      id: uuidv7(),
      caseId: uuidv7(),
      author: { kind: 'device', id: this.deviceId },
      authorSeq: ++this.authorSeq,
      parentId: null,
      recordedAt: '2026-11-27T09:00:00+08:00',
      actorName: '王会计',
      type: 'created',
      receiptNo: this.nextReceipt('DB', options.receiptVillage ?? this.villageCode),
      itemCode: 'MZ001',
      itemName: '低保申请',
      applicant: { name: '张三', idNumber: options.idNumber ?? VALID_ID_NUMBER, phone: '13800000000', group: 3 },
      materials: [{ name: '户口簿', copies: 1, original: true, received: true }],
      promisedDays: 10,
      deadline: '2026-12-11',
      householdKey: null,
      disbursementId: null,
      note: '',
    };
    this.queue('caseEvent', event.id, event);
    this.heads.set(event.caseId, event.id);
    return event;
  }

  transition(caseId: string, to: 'accepted' | 'submitted' | 'completed' = 'accepted'): CaseEvent {
    const event: CaseEvent = {
      id: uuidv7(),
      caseId,
      author: { kind: 'device', id: this.deviceId },
      authorSeq: ++this.authorSeq,
      parentId: this.heads.get(caseId) ?? null,
      recordedAt: '2026-11-27T10:00:00+08:00',
      actorName: '王会计',
      type: 'transition',
      to,
      reason: '',
    };
    this.queue('caseEvent', event.id, event);
    this.heads.set(caseId, event.id);
    return event;
  }

  feedback(options: { ticketVillage?: string; subject?: Feedback['subject'] } = {}): Feedback {
    const ticketNo = this.nextReceipt('YJ', options.ticketVillage ?? this.villageCode);
    const feedback: Feedback = {
      id: uuidv7(),
      ticketNo,
      localNo: localPartOf(ticketNo),
      subject: options.subject ?? { kind: 'general' },
      category: 'suggestion',
      text: '希望延长周末开放时间',
      callbackPhone: null,
      state: 'open',
      createdAt: '2026-11-27T11:00:00+08:00',
      answer: null,
    };
    this.queue('feedback', feedback.id, feedback);
    return feedback;
  }

  audit(action: AuditEntry['action'] = 'login', tamper?: (entry: AuditEntry) => AuditEntry): AuditEntry {
    const next = chainNextEntry(this.auditHead, { at: '2026-11-27T08:00:00+08:00', actorId: 'agent-1', actorName: '王会计', action, subject: '', details: {} });
    const sent = tamper ? tamper(next) : next;
    this.auditHead = sent;
    this.queue('audit', String(sent.seq), sent);
    return sent;
  }

  /** An audit entry the kiosk wrote but that never reaches the county (deleted from its database). */
  dropAudit(): void {
    this.auditHead = chainNextEntry(this.auditHead, { at: '2026-11-27T08:30:00+08:00', actorId: null, actorName: '', action: 'logout', subject: '', details: {} });
  }

  /** Queues a record again under a new seq, as a kiosk restored from a backup does. */
  requeue(entry: PushEntry, body: unknown = entry.body): PushEntry {
    return this.queue(entry.kind, entry.id, body);
  }
}
