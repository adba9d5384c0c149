import type { PushEntry } from '../../../../shared/sync/protocol';
import type { KioskDatabase } from '../schema';
import type { OutboxEntry } from '../villageRecords';

const OUTBOX_SEQ_KEY = 'outboxSeq';

/**
 * Queues a village-owned record for the county. Must run inside the caller's 'rw' transaction, which
 * includes db.outbox and db.counters, so the record and its outbox entry commit together or not at
 * all: a crash can never leave a record the county will not get, nor an entry without its record.
 * The sequence is per device and gap-free (DESIGN §4): the server applies each seq at most once.
 */
export async function enqueueOutbox(db: KioskDatabase, kind: PushEntry['kind'], id: string, body: unknown): Promise<number> {
  const seq = ((await db.counters.get(OUTBOX_SEQ_KEY))?.value ?? 0) + 1;
  await db.counters.put({ key: OUTBOX_SEQ_KEY, value: seq });
  const entry: OutboxEntry = { seq, kind, id, body, state: 'pending', rejection: null };
  await db.outbox.add(entry);
  return seq;
}

/** Entries the county has not acknowledged yet, oldest first. */
export function listPendingOutbox(db: KioskDatabase, limit: number): Promise<OutboxEntry[]> {
  return db.outbox.where('state').equals('pending').limit(limit).sortBy('seq');
}

export function countPendingOutbox(db: KioskDatabase): Promise<number> {
  return db.outbox.where('state').equals('pending').count();
}
