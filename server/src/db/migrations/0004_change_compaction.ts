import type { Kysely } from 'kysely';

/**
 * Compaction of the change log: publishing a row for (village_code, stream, key) removes the
 * older rows of that triple (repositories/changes.ts). This index makes each of those lookups a
 * probe rather than a scan; PostgreSQL and SQLite both find `village_code IS NULL` rows in it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('changes_village_stream_key_idx').on('changes').columns(['village_code', 'stream', 'key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('changes_village_stream_key_idx').execute();
}
