import { SYNC_LIMITS, type PushResponse } from '../../../shared/sync/protocol';
import type { KioskDatabase } from '../db/schema';
import type { OutboxEntry } from '../db/villageRecords';
import type { SyncClient } from './syncClient';

export interface PushIdentity {
  deviceId: string;
  epoch: number;
}

export interface PushLimits {
  maxEntries: number;
  maxBytes: number;
}

const DEFAULT_LIMITS: PushLimits = { maxEntries: SYNC_LIMITS.maxPushEntries, maxBytes: SYNC_LIMITS.maxPushBytes };
/** One push run sends at most this many batches, then yields to the pull (bounded loop). */
export const MAX_BATCHES_PER_RUN = 50;

/**
 * The next batch: pending entries in seq order, cut by count and by encoded size, so a large backlog
 * is split into batches the county accepts rather than refused whole. Always at least one entry.
 */
export async function takePushBatch(db: KioskDatabase, limits: PushLimits = DEFAULT_LIMITS): Promise<OutboxEntry[]> {
  const candidates = await db.outbox.where('state').equals('pending').limit(limits.maxEntries).sortBy('seq');
  const batch: OutboxEntry[] = [];
  let bytes = 0;
  for (const entry of candidates) {
    const size = JSON.stringify({ seq: entry.seq, kind: entry.kind, id: entry.id, body: entry.body }).length;
    if (batch.length > 0 && bytes + size > limits.maxBytes) break;
    batch.push(entry);
    bytes += size;
  }
  return batch;
}

/**
 * Records the county's answer in one transaction: every entry up to ackedThrough is settled —
 * rejected ones are kept, marked with the county's code, for the agent to see; the rest acked.
 * Entries past ackedThrough stay pending and go again (the county skips what it already has).
 */
export async function applyPushResponse(db: KioskDatabase, response: PushResponse): Promise<{ acked: number; rejected: number }> {
  const rejections = new Map(response.rejected.map((r) => [r.seq, r]));
  return db.transaction('rw', db.outbox, async () => {
    const settled = await db.outbox.where('seq').belowOrEqual(response.ackedThrough).and((e) => e.state === 'pending').toArray();
    let rejected = 0;
    for (const entry of settled) {
      const rejection = rejections.get(entry.seq);
      if (rejection) rejected++;
      await db.outbox.update(entry.seq, rejection ? { state: 'rejected', rejection: { code: rejection.code, message: rejection.message } } : { state: 'acked' });
    }
    return { acked: settled.length - rejected, rejected };
  });
}

/**
 * Every outbox entry pending again, rejections cleared, in one transaction: for a county that knows
 * this kiosk as a new device (enrolled again), whose push cursor starts at 0. Resending is safe:
 * the county accepts a record it already holds with the same content.
 */
export async function requeueWholeOutbox(db: KioskDatabase): Promise<number> {
  return db.transaction('rw', db.outbox, () => db.outbox.toCollection().modify({ state: 'pending', rejection: null }));
}

export interface PushRunResult {
  batches: number;
  acked: number;
  rejected: number;
  remaining: number;
}

/**
 * Sends pending entries batch by batch until none is left (or the run's batch budget is spent).
 * A failure propagates after the batches already answered are recorded; the next run resumes at
 * the first unacknowledged entry.
 */
export async function pushPending(db: KioskDatabase, client: SyncClient, identity: PushIdentity, limits: PushLimits = DEFAULT_LIMITS): Promise<PushRunResult> {
  const result: PushRunResult = { batches: 0, acked: 0, rejected: 0, remaining: 0 };
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const batch = await takePushBatch(db, limits);
    if (batch.length === 0) break;
    const response = await client.push({
      deviceId: identity.deviceId,
      epoch: identity.epoch,
      entries: batch.map((e) => ({ seq: e.seq, kind: e.kind, id: e.id, body: e.body })),
    });
    const applied = await applyPushResponse(db, response);
    result.batches++;
    result.acked += applied.acked;
    result.rejected += applied.rejected;
    // The county acknowledged nothing new: stop rather than resend the same batch in a tight loop.
    if (applied.acked + applied.rejected === 0) break;
  }
  result.remaining = await db.outbox.where('state').equals('pending').count();
  return result;
}
