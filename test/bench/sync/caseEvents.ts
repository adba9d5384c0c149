import type { CaseEvent } from '../../../shared/domain/case';
import { formatReceiptNo, MAX_DAILY_SEQUENCE } from '../../../shared/cases/receiptNo';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { PushEntry } from '../../../shared/sync/protocol';

const APPLICANT_ID = completeIdNumber('34122219550505041');
/** A case's life at a kiosk: created, then three steps; four events per case. */
const STEPS = ['accepted', 'submitted', 'completed'] as const;
export const EVENTS_PER_CASE = 1 + STEPS.length;

function dayOf(index: number): string {
  // One day per MAX_DAILY_SEQUENCE cases, so receipt numbers stay valid and unique for any count.
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(index / MAX_DAILY_SEQUENCE) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/**
 * `count` case events of one device, in its outbox's order (seq 1…), each case's events chained by
 * parent as the kiosk writes them: what the county must accept, all of it.
 */
export function caseEventEntries(deviceId: string, villageCode: string, count: number): PushEntry[] {
  const entries: PushEntry[] = [];
  let authorSeq = 0;
  for (let c = 0; entries.length < count; c++) {
    const day = dayOf(c);
    const created: CaseEvent = {
      id: uuidv7(),
      caseId: uuidv7(),
      author: { kind: 'device', id: deviceId },
      authorSeq: ++authorSeq,
      parentId: null,
      recordedAt: `${day}T09:00:00+08:00`,
      actorName: '王会计',
      type: 'created',
      receiptNo: formatReceiptNo('DB', villageCode, day, (c % MAX_DAILY_SEQUENCE) + 1),
      itemCode: 'MZ001',
      itemName: '低保申请',
      applicant: { name: '张桂兰', idNumber: APPLICANT_ID, phone: '13912345678', group: 3 },
      materials: [{ name: '户口簿', copies: 1, original: true, received: true }],
      promisedDays: 10,
      deadline: day,
      householdKey: null,
      disbursementId: null,
      note: '',
    };
    const events: CaseEvent[] = [created];
    for (const to of STEPS) {
      const parent = events[events.length - 1] as CaseEvent;
      events.push({
        id: uuidv7(), caseId: created.caseId, author: { kind: 'device', id: deviceId }, authorSeq: ++authorSeq,
        parentId: parent.id, recordedAt: `${day}T10:00:00+08:00`, actorName: '王会计', type: 'transition', to, reason: '',
      });
    }
    for (const event of events) {
      if (entries.length === count) break;
      entries.push({ seq: entries.length + 1, kind: 'caseEvent', id: event.id, body: event });
    }
  }
  return entries;
}
