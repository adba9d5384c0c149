import type { Kysely } from 'kysely';
import type { REJECTION_CODES } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface StoredRejection {
  seq: number;
  code: RejectionCode;
  message: string;
}

export async function insertPushRejection(trx: Kysely<Database>, deviceId: string, rejection: StoredRejection): Promise<void> {
  await trx.insertInto('push_rejections').values({ device_id: deviceId, ...rejection }).execute();
}

/** Rejections already given for seqs in [from, to]: repeated when a kiosk resends after a lost answer. */
export async function listPushRejections(db: Kysely<Database>, deviceId: string, from: number, to: number): Promise<StoredRejection[]> {
  if (to < from) return [];
  const rows = await db
    .selectFrom('push_rejections')
    .select(['seq', 'code', 'message'])
    .where('device_id', '=', deviceId)
    .where('seq', '>=', from)
    .where('seq', '<=', to)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), code: r.code as RejectionCode, message: r.message }));
}
