import type { KioskDatabase } from '../../db/schema';

export interface OutboxCounts {
  pending: number;
  rejected: number;
}

/** Counted on the `state` index: cheap even with a long history of acknowledged entries. */
export async function readOutboxCounts(db: KioskDatabase): Promise<OutboxCounts> {
  const [pending, rejected] = await Promise.all([
    db.outbox.where('state').equals('pending').count(),
    db.outbox.where('state').equals('rejected').count(),
  ]);
  return { pending, rejected };
}
