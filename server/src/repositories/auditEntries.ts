import type { Kysely } from 'kysely';
import type { AuditEntriesTable, Database } from '../db/schema';

export interface AuditHead {
  seq: number;
  hash: string;
}

/** The device's newest stored audit entry: what the next one must chain to. */
export async function findAuditHead(db: Kysely<Database>, deviceId: string): Promise<AuditHead | undefined> {
  const row = await db
    .selectFrom('audit_entries')
    .select(['seq', 'hash'])
    .where('device_id', '=', deviceId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

export async function findAuditEntry(db: Kysely<Database>, deviceId: string, seq: number): Promise<Pick<AuditEntriesTable, 'body'> | undefined> {
  return db.selectFrom('audit_entries').select('body').where('device_id', '=', deviceId).where('seq', '=', seq).executeTakeFirst();
}

export async function insertAuditEntry(trx: Kysely<Database>, row: AuditEntriesTable): Promise<void> {
  await trx.insertInto('audit_entries').values(row).execute();
}
