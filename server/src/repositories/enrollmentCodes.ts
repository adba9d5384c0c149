import type { Kysely } from 'kysely';
import type { Database, EnrollmentCodesTable } from '../db/schema';

export async function insertEnrollmentCode(db: Kysely<Database>, row: EnrollmentCodesTable): Promise<void> {
  await db.insertInto('enrollment_codes').values(row).execute();
}

export async function findEnrollmentCode(db: Kysely<Database>, codeHash: string): Promise<EnrollmentCodesTable | undefined> {
  return db.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/**
 * Marks the code used if, and only if, it is still unused and unexpired. One conditional UPDATE,
 * so two kiosks racing with the same code cannot both win, on SQLite or PostgreSQL.
 */
export async function claimEnrollmentCode(
  db: Kysely<Database>,
  codeHash: string,
  deviceId: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('enrollment_codes')
    .set({ used_at: now.toISOString(), used_by_device_id: deviceId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
