import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface PushState {
  lastSeq: number;
  auditChainBrokenAt: string | null;
  auditChainBrokenSeq: number | null;
}

/**
 * The device's push cursor, locked for the rest of the transaction. The no-op UPDATE takes the
 * row lock on PostgreSQL (two pushes of one device apply one after the other, never interleaved)
 * and is harmless on SQLite, whose writers are serialised anyway.
 */
export async function lockPushState(trx: Kysely<Database>, deviceId: string): Promise<PushState> {
  await trx
    .insertInto('device_push_state')
    .values({ device_id: deviceId, audit_chain_broken_at: null, audit_chain_broken_seq: null })
    .onConflict((oc) => oc.column('device_id').doNothing())
    .execute();
  await trx
    .updateTable('device_push_state')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('device_id', '=', deviceId)
    .execute();
  const row = await trx
    .selectFrom('device_push_state')
    .select(['last_seq', 'audit_chain_broken_at', 'audit_chain_broken_seq'])
    .where('device_id', '=', deviceId)
    .executeTakeFirstOrThrow();
  return { lastSeq: Number(row.last_seq), auditChainBrokenAt: row.audit_chain_broken_at, auditChainBrokenSeq: row.audit_chain_broken_seq === null ? null : Number(row.audit_chain_broken_seq) };
}

export async function findPushState(db: Kysely<Database>, deviceId: string): Promise<PushState | undefined> {
  const row = await db
    .selectFrom('device_push_state')
    .select(['last_seq', 'audit_chain_broken_at', 'audit_chain_broken_seq'])
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { lastSeq: Number(row.last_seq), auditChainBrokenAt: row.audit_chain_broken_at, auditChainBrokenSeq: row.audit_chain_broken_seq === null ? null : Number(row.audit_chain_broken_seq) };
}

export async function advancePushCursor(trx: Kysely<Database>, deviceId: string, lastSeq: number): Promise<void> {
  await trx.updateTable('device_push_state').set({ last_seq: lastSeq }).where('device_id', '=', deviceId).execute();
}

/** Keeps the first break only: later entries of a broken chain say nothing new about where it broke. */
export async function flagAuditChainBroken(trx: Kysely<Database>, deviceId: string, seq: number, now: Date): Promise<void> {
  await trx
    .updateTable('device_push_state')
    .set({ audit_chain_broken_at: now.toISOString(), audit_chain_broken_seq: seq })
    .where('device_id', '=', deviceId)
    .where('audit_chain_broken_at', 'is', null)
    .execute();
}
