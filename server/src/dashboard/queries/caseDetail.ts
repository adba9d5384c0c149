import type { Kysely } from 'kysely';
import { causalOrder, foldCase } from '../../../../shared/cases/fold';
import { allowedTransitions } from '../../../../shared/cases/transitions';
import { COUNTY_RESULT_STATES, type CaseDetail, type CaseTimelineEntry, type CountyResultState } from '../../../../shared/dashboard/cases';
import type { CaseEvent } from '../../../../shared/domain/case';
import { maskIdNumber, maskPersonName } from '../../../../shared/privacy/masking';
import type { Database } from '../../db/schema';
import { parseStoredEvent } from '../../projections/caseRow';
import { toCaseRow } from './caseList';
import { villageNames } from './villageNames';

/** 13812345678 → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits === '') return '';
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

function timelineEntry(event: CaseEvent, receivedAt: string, rejected: boolean): CaseTimelineEntry {
  return {
    eventId: event.id,
    type: event.type,
    ...(event.type === 'transition' ? { to: event.to, reason: event.reason } : {}),
    recordedAt: event.recordedAt,
    receivedAt,
    actorName: event.actorName,
    author: { kind: event.author.kind, id: event.author.id },
    rejected,
  };
}

/** What a county clerk may record from a state: the lifecycle's next states the county decides. */
export function countyResultsFrom(state: Parameters<typeof allowedTransitions>[0]): CountyResultState[] {
  const next = allowedTransitions(state);
  return COUNTY_RESULT_STATES.filter((result) => next.includes(result));
}

/** GET /cases/:id: the projection row and a fresh fold of the stored events; undefined when unknown. */
export async function getCaseDetail(db: Kysely<Database>, caseId: string, today: string): Promise<CaseDetail | undefined> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (row === undefined) return undefined;
  const stored = await db.selectFrom('case_events').select(['id', 'body', 'received_at']).where('case_id', '=', caseId).execute();
  const receivedAt = new Map(stored.map((event) => [event.id, event.received_at]));
  const events = stored.map((event) => parseStoredEvent(event.body));
  const record = foldCase(events);
  const rejected = new Set(record.rejectedEventIds);
  const ordered = causalOrder(events);
  const reached = new Set(ordered.map((event) => event.id));
  // Events only forged data can leave unreachable (a parent cycle) are shown last, as rejected.
  const unreachable = events.filter((event) => !reached.has(event.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const timeline = [...ordered, ...unreachable].map((event) => timelineEntry(event, receivedAt.get(event.id) ?? '', rejected.has(event.id) || !reached.has(event.id)));
  const names = await villageNames(db, [row.village_code]);

  return {
    case: toCaseRow(row, names.get(row.village_code) ?? row.village_code, today),
    applicant: {
      nameMasked: maskPersonName(record.applicant.name),
      idNumberMasked: maskIdNumber(record.applicant.idNumber),
      phoneMasked: maskPhone(record.applicant.phone),
      group: record.applicant.group,
    },
    agentName: record.agentName,
    materials: record.materials,
    timeline,
    allowedResults: countyResultsFrom(record.state),
  };
}
