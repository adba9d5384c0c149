import type { Kysely } from 'kysely';

/**
 * Update files the county publishes for its kiosks (`publish-update`): the bytes live in the
 * updates folder beside the database; here is their manifest. One file per (platform, arch,
 * format, version): publishing the same version again with other bytes is refused, because kiosks
 * that already downloaded it would hold a file that no longer matches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('arch', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('min_version', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('updates_target_version_idx')
    .on('updates')
    .columns(['platform', 'arch', 'format', 'version'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('updates').execute();
}
