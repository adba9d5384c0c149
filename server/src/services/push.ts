import type { Kysely } from 'kysely';
import type { PushEntry, PushRequest, PushResponse } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import type { DeviceRecord } from '../repositories/devices';
import { insertPushRejection, listPushRejections, type StoredRejection } from '../repositories/pushRejections';
import { advancePushCursor, lockPushState } from '../repositories/pushState';
import { getEpoch } from '../repositories/serverMeta';
import { refreshCaseProjections } from '../projections/caseProjection';
import { queueFeedback } from '../projections/feedbackQueue';
import { applyAuditEntry, applyCaseEvent, applyFeedback, type EntryContext, type EntryOutcome } from './pushEntries';

export type PushResult = { ok: true; response: PushResponse } | { ok: false; reason: 'EPOCH_MISMATCH'; epoch: number };

const APPLIERS: Record<PushEntry['kind'], (ctx: EntryContext, entry: PushEntry) => Promise<EntryOutcome>> = {
  caseEvent: applyCaseEvent,
  feedback: applyFeedback,
  audit: applyAuditEntry,
};

/**
 * Applies one batch of a device's outbox in one transaction. Seqs the server already settled are
 * skipped (a resend after a lost answer); the rest must continue gap-free from the device's cursor,
 * and the batch stops at the first gap. Every entry up to the answer's ackedThrough is settled for
 * good: applied, or rejected with a code (it would never become valid by resending it). The
 * rejections of skipped seqs are answered again, so a kiosk whose first answer was lost still learns them.
 * The caller has checked that `request.deviceId` is `device.id`; entries are in increasing seq order.
 */
export async function applyPush(db: Kysely<Database>, device: DeviceRecord, request: PushRequest, now: Date): Promise<PushResult> {
  return db.transaction().execute(async (trx): Promise<PushResult> => {
    const epoch = await getEpoch(trx);
    if (request.epoch !== epoch) return { ok: false, reason: 'EPOCH_MISMATCH', epoch };

    const state = await lockPushState(trx, device.id);
    const ctx: EntryContext = { trx, device, now, touched: { caseIds: new Set(), feedbackIds: new Set() } };
    const fresh: StoredRejection[] = [];
    let ackedThrough = state.lastSeq;
    for (const entry of request.entries) {
      if (entry.seq <= state.lastSeq) continue;
      if (entry.seq !== ackedThrough + 1) break;
      const outcome = await APPLIERS[entry.kind](ctx, entry);
      if (!outcome.ok) {
        const rejection = { seq: entry.seq, code: outcome.code, message: outcome.message };
        await insertPushRejection(trx, device.id, rejection);
        fresh.push(rejection);
      }
      ackedThrough = entry.seq;
    }
    if (ackedThrough > state.lastSeq) await advancePushCursor(trx, device.id, ackedThrough);
    // Only the cases this batch touched are re-folded, each once however many of its events came.
    await refreshCaseProjections(trx, ctx.touched.caseIds);
    await queueFeedback(trx, ctx.touched.feedbackIds);

    const firstSeq = request.entries[0]?.seq ?? 1;
    const repeated = await listPushRejections(trx, device.id, firstSeq, state.lastSeq);
    return { ok: true, response: { ackedThrough, rejected: [...repeated, ...fresh], epoch } };
  });
}
