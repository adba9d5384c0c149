import { foldCase } from '../../../shared/cases/fold';
import { SETTLED_STATES } from '../../../shared/cases/transitions';
import type { CaseEvent } from '../../../shared/domain/case';
import { maskPersonName } from '../../../shared/privacy/masking';
import type { CasesTable } from '../db/tables/cases';

/** A stored event: its canonical body and when the county stored it. */
export interface StoredEventRow {
  id: string;
  type: string;
  village_code: string;
  body: string;
  received_at: string;
}

/**
 * Bodies in case_events were validated and canonicalised when they were stored (push, county
 * writes), so they are read back without a second schema pass: a fold of thousands of cases at
 * once (the backfill) stays cheap.
 */
export function parseStoredEvent(body: string): CaseEvent {
  return JSON.parse(body) as CaseEvent;
}

/** "2026-11-27T09:15:00+08:00" → "2026-11": the chart's month of a receipt date. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The projection row of a case from all of its stored events. */
export function projectCaseRow(events: readonly StoredEventRow[]): CasesTable {
  const parsed = events.map((row) => parseStoredEvent(row.body));
  const record = foldCase(parsed);
  const created = parsed.find((event) => event.type === 'created');
  const createdRow = events.find((row) => row.id === created?.id);
  let updatedAt = '';
  for (const row of events) if (row.received_at > updatedAt) updatedAt = row.received_at;
  return {
    id: record.id,
    receipt_no: record.receiptNo,
    village_code: createdRow?.village_code ?? record.receiptNo.slice(3, 15),
    item_code: record.itemCode,
    item_name: record.itemName,
    state: record.state,
    is_open: SETTLED_STATES.includes(record.state) ? 0 : 1,
    applicant_name_masked: maskPersonName(record.applicant.name),
    created_on: record.createdAt.slice(0, 10),
    deadline: record.deadline,
    received_at: createdRow?.received_at ?? updatedAt,
    updated_at: updatedAt,
    event_count: events.length,
  };
}
