import type { CaseEvent, CaseRecord } from '../domain/case';
import { idLastFour } from '../privacy/masking';
import { localPartOf } from './receiptNo';
import { checkTransition } from './transitions';

/**
 * A case is the fold of its events. The village kiosk and the county both append events, each
 * naming the newest event it knew (parentId), so the events form a DAG. Folding walks that DAG
 * in a topological order whose ties are broken by fields every copy of an event carries
 * (author, authorSeq, id) — never by a clock — so any two kiosks or servers holding the same
 * events compute the same case, whatever order the events arrived in.
 */

function tieKey(event: CaseEvent): string {
  // The creation goes first among ready events: nothing else means anything without it.
  const creationFirst = event.type === 'created' ? '0' : '1';
  return [creationFirst, event.author.kind, event.author.id, String(event.authorSeq).padStart(12, '0'), event.id].join('\u0000');
}

function compareEvents(a: CaseEvent, b: CaseEvent): number {
  const ka = tieKey(a);
  const kb = tieKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The same event may arrive twice (from a backup and from sync): keep one, chosen by content not arrival. */
function uniqueById(events: readonly CaseEvent[]): CaseEvent[] {
  const byId = new Map<string, { event: CaseEvent; json: string }>();
  for (const event of events) {
    const json = JSON.stringify(event);
    const seen = byId.get(event.id);
    if (!seen || json < seen.json) byId.set(event.id, { event, json });
  }
  return [...byId.values()].map((entry) => entry.event);
}

/** Parents before children; among events ready at the same time, the smallest tie key first. */
export function causalOrder(events: readonly CaseEvent[]): CaseEvent[] {
  const unique = uniqueById(events);
  const ids = new Set(unique.map((event) => event.id));
  const children = new Map<string, CaseEvent[]>();
  const ready: CaseEvent[] = [];
  for (const event of unique) {
    // A parent this copy never received cannot hold the child back: treat the child as a root.
    if (event.parentId !== null && event.parentId !== event.id && ids.has(event.parentId)) {
      const siblings = children.get(event.parentId) ?? [];
      siblings.push(event);
      children.set(event.parentId, siblings);
    } else {
      ready.push(event);
    }
  }
  const ordered: CaseEvent[] = [];
  while (ready.length > 0) {
    ready.sort(compareEvents);
    const next = ready.shift() as CaseEvent;
    ordered.push(next);
    ready.push(...(children.get(next.id) ?? []));
  }
  // Events caught in a parent cycle (only forged data can make one) are never reached above;
  // they are left out and the fold reports them as rejected.
  return ordered;
}

export function foldCase(events: readonly CaseEvent[]): CaseRecord {
  const ordered = causalOrder(events);
  const reached = new Set(ordered.map((event) => event.id));
  const created = ordered.find((event) => event.type === 'created');
  if (!created || created.type !== 'created') throw new Error('a case needs its created event');

  const record: CaseRecord = {
    id: created.caseId,
    receiptNo: created.receiptNo,
    localNo: localPartOf(created.receiptNo),
    itemCode: created.itemCode,
    itemName: created.itemName,
    applicant: { ...created.applicant },
    materials: created.materials.map((material) => ({ ...material })),
    deadline: created.deadline,
    state: 'entrusted',
    createdAt: created.recordedAt,
    agentName: created.actorName,
    householdKey: created.householdKey,
    disbursementId: created.disbursementId,
    history: [{ eventId: created.id, to: 'entrusted', reason: '', recordedAt: created.recordedAt, actorName: created.actorName, author: { ...created.author } }],
    rejectedEventIds: [],
    headEventId: created.id,
  };

  for (const event of ordered) {
    if (event === created) continue;
    if (event.caseId !== record.id || event.type === 'created') {
      record.rejectedEventIds.push(event.id);
      continue;
    }
    if (event.type === 'transition') {
      if (!checkTransition(record.state, event.to, event.reason).ok) {
        record.rejectedEventIds.push(event.id);
        continue;
      }
      record.state = event.to;
      record.history.push({ eventId: event.id, to: event.to, reason: event.reason.trim(), recordedAt: event.recordedAt, actorName: event.actorName, author: { ...event.author } });
    } else {
      record.materials = event.materials.map((material) => ({ ...material }));
    }
    record.headEventId = event.id;
  }

  const unreachable = uniqueById(events).filter((event) => !reached.has(event.id)).sort(compareEvents);
  record.rejectedEventIds.push(...unreachable.map((event) => event.id));
  return record;
}

/** What the cases table stores: the fold plus the flat fields its indexes query. */
export interface CaseProjection extends CaseRecord {
  applicantName: string;
  applicantIdLast4: string;
  createdDay: string;
}

export function caseProjection(record: CaseRecord): CaseProjection {
  return {
    ...record,
    localNo: localPartOf(record.receiptNo),
    applicantName: record.applicant.name,
    applicantIdLast4: idLastFour(record.applicant.idNumber),
    // The date as written on the creating author's clock, in that author's own offset.
    createdDay: record.createdAt.slice(0, 10),
  };
}
