import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/audit/auditChain';
import { foldCase } from '../../../shared/cases/fold';
import { checkTransition } from '../../../shared/cases/transitions';
import { caseEventSchema, caseStateSchema, receiptNoSchema, type CaseEvent, type CaseState, type CaseTransitionEvent } from '../../../shared/domain/case';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Database } from '../db/schema';
import { findCreationsByReceipt, insertCaseEvent, listCaseEventBodies, lockCase } from '../repositories/caseEvents';
import { appendChanges } from '../repositories/changes';
import { nextCountyAuthorSeq } from '../repositories/countyAuthors';
import { refreshCaseProjection } from '../projections/caseProjection';
import { sha256Hex } from '../secrets';
import { CountyWriteError } from './countyWriteError';

export const countyTransitionInputSchema = z.object({
  receiptNo: receiptNoSchema.refine((no) => no.startsWith('DB-'), 'a case receipt number starts with DB-'),
  to: caseStateSchema,
  reason: z.string().trim().max(500).default(''),
  /** The county user's name as residents see it in the case history (actorName). */
  by: z.string().trim().min(1).max(40),
});
export type CountyTransitionInput = z.input<typeof countyTransitionInputSchema>;

export interface CountyTransitionResult {
  event: CaseTransitionEvent;
  villageCode: string;
  from: CaseState;
}

/**
 * A county user's author id: derived from the name, so the same person keeps one gap-free
 * authorSeq across runs without an account system. Hashed so the id is plain ASCII of a fixed
 * length whatever the name's script.
 */
export function countyAuthorId(by: string): string {
  return `county-${sha256Hex(by.trim()).slice(0, 24)}`;
}

/**
 * Records a county user's transition of a case, named by its receipt number: folds the stored
 * events to find the state and the newest event (the new event's parent), checks the move with
 * the shared transition table, stores the event and publishes it on the 'caseEvent' stream of the
 * case's village, all in one transaction. Throws CountyWriteError (unknown receipt, an illegal
 * move, a missing reason) and changes nothing then.
 */
export async function recordCountyTransition(db: Kysely<Database>, input: CountyTransitionInput, now: Date = new Date()): Promise<CountyTransitionResult> {
  const { receiptNo, to, reason, by } = countyTransitionInputSchema.parse(input);
  const authorId = countyAuthorId(by);
  return db.transaction().execute(async (trx) => {
    // A write first: on SQLite the transaction takes the write lock now (waiting its turn behind
    // `serve`), not after its reads, which could fail as busy. A refusal below rolls the number back.
    const authorSeq = await nextCountyAuthorSeq(trx, authorId, by, now);
    const creations = await findCreationsByReceipt(trx, receiptNo);
    const creation = creations[0];
    if (creation === undefined) throw new CountyWriteError('UNKNOWN_CASE', `no case with receipt ${receiptNo}`);
    if (creations.length > 1) throw new CountyWriteError('AMBIGUOUS_RECEIPT', `${creations.length} cases carry receipt ${receiptNo}; resolve it at the station`);
    await lockCase(trx, creation.id);

    const events = (await listCaseEventBodies(trx, creation.caseId)).map((body) => caseEventSchema.parse(JSON.parse(body)));
    const before = foldCase(events);
    const check = checkTransition(before.state, to, reason);
    if (!check.ok) throw new CountyWriteError(check.code, check.message);

    const event: CaseTransitionEvent = {
      id: uuidv7(now.getTime()),
      caseId: creation.caseId,
      author: { kind: 'county', id: authorId },
      authorSeq,
      parentId: before.headEventId,
      recordedAt: now.toISOString(),
      actorName: by,
      type: 'transition',
      to,
      reason,
    };
    const parsed = caseEventSchema.parse(event) as CaseEvent;
    // The same fold every kiosk runs must accept the event, or kiosks would show it as rejected.
    const after = foldCase([...events, parsed]);
    if (after.headEventId !== event.id || after.state !== to) throw new CountyWriteError('ILLEGAL_TRANSITION', `the case's events do not accept a move to ${to}`);

    await insertCaseEvent(trx, {
      id: event.id,
      case_id: event.caseId,
      village_code: creation.villageCode,
      device_id: null,
      type: event.type,
      author_seq: event.authorSeq,
      body: canonicalJson(parsed),
      received_at: now.toISOString(),
      receipt_no: null,
    });
    await appendChanges(trx, [{ villageCode: creation.villageCode, stream: 'caseEvent', op: 'put', key: event.id, value: parsed }], now);
    await refreshCaseProjection(trx, creation.caseId);
    return { event, villageCode: creation.villageCode, from: before.state };
  });
}
