import type { Kysely } from 'kysely';

/**
 * Fund import: uploads awaiting publication (the file itself lives in a folder beside the
 * database; only its preview is here) and published totals per (program, village), which the
 * dashboard's overview and program list read without scanning the change log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fund_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('program_id', 'text')
    .addColumn('stored_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('publishable', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('fund_uploads_expires_at_idx').on('fund_uploads').column('expires_at').execute();

  await db.schema
    .createTable('fund_totals')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('due_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_fen', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fund_totals_pk', ['program_id', 'village_code'])
    .execute();
  await db.schema.createIndex('fund_totals_village_idx').on('fund_totals').column('village_code').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('fund_totals').execute();
  await db.schema.dropTable('fund_uploads').execute();
}
