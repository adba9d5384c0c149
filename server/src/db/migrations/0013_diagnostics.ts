import type { Kysely } from 'kysely';

/**
 * Diagnostics bundles kiosks send when an administrator asks for help (issue 6): the dashboard lists
 * them per device. Only the newest few per device are kept (routes/diagnostics.ts prunes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_diagnostics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_diagnostics_device_idx').on('device_diagnostics').columns(['device_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('device_diagnostics').execute();
}
