import type { CaseEvent } from '../../../../shared/domain/case';
import { caseProjection, foldCase } from '../../../../shared/cases/fold';
import type { FeedbackAnswer } from '../../../../shared/sync/pullStreams';
import type { KioskDatabase } from '../../db/schema';

/**
 * The county's writes on village-owned records: events on the village's cases and answers to its
 * tickets. They are the county's, so none is queued in the outbox (it would echo them back).
 * Runs inside the page's transaction.
 */

/** Stores county case events (idempotent by id) and re-folds each case they touch. */
export async function applyCaseEvents(db: KioskDatabase, changes: ReadonlyMap<string, CaseEvent | null>): Promise<void> {
  const puts = [...changes.values()].filter((e): e is CaseEvent => e !== null);
  const deleteIds = [...changes].filter(([, e]) => e === null).map(([id]) => id);
  const caseIds = new Set(puts.map((e) => e.caseId));
  if (deleteIds.length > 0) {
    // The county may withdraw its own events, never one this kiosk (or another) wrote.
    const withdrawn = (await db.caseEvents.bulkGet(deleteIds)).filter((e): e is CaseEvent => e !== undefined && e.author.kind === 'county');
    for (const e of withdrawn) caseIds.add(e.caseId);
    await db.caseEvents.bulkDelete(withdrawn.map((e) => e.id));
  }
  if (puts.length > 0) await db.caseEvents.bulkPut(puts);
  for (const caseId of caseIds) await refoldCase(db, caseId);
}

/**
 * Folds a case again from every event it has. A case this kiosk does not hold (filed at another
 * kiosk of the village) is folded only if its creation is here and its numbers clash with no case
 * of this kiosk: a page must never fail on another kiosk's receipt number.
 */
export async function refoldCase(db: KioskDatabase, caseId: string): Promise<void> {
  const events = await db.caseEvents.where('caseId').equals(caseId).toArray();
  if (!events.some((e) => e.type === 'created')) return;
  const projection = caseProjection(foldCase(events));
  if (!(await db.cases.get(caseId))) {
    const clash = (await db.cases.where('receiptNo').equals(projection.receiptNo).count()) + (await db.cases.where('localNo').equals(projection.localNo).count());
    if (clash > 0) return;
  }
  await db.cases.put(projection);
}

/**
 * Writes the county's answers into the tickets they answer. An answer to a ticket this kiosk does
 * not hold (filed at another kiosk of the village) has nothing to update here. A withdrawn answer
 * changes nothing: the resident has already been told.
 */
export async function applyFeedbackAnswers(db: KioskDatabase, changes: ReadonlyMap<string, FeedbackAnswer | null>): Promise<void> {
  const answers = [...changes.values()].filter((a): a is FeedbackAnswer => a !== null);
  if (answers.length === 0) return;
  const tickets = await db.feedback.bulkGet(answers.map((a) => a.feedbackId));
  const updated = answers.flatMap((answer, i) => {
    const ticket = tickets[i];
    return ticket ? [{ ...ticket, state: answer.state, answer: answer.answer }] : [];
  });
  if (updated.length > 0) await db.feedback.bulkPut(updated);
}
