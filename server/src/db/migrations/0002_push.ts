import type { Kysely } from 'kysely';

/**
 * What kiosks push: case events, feedback and audit entries, plus each device's push cursor and
 * the rejections it was told about (a lost answer is repeated, rejections included, on resend).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_push_state')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    // The first break of the device's audit chain the server saw (server time and seq); null while intact.
    .addColumn('audit_chain_broken_at', 'text')
    .addColumn('audit_chain_broken_seq', 'bigint')
    .execute();

  await db.schema
    .createTable('push_rejections')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_rejections_pk', ['device_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull().references('villages.code'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('author_seq', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case_id_idx').on('case_events').columns(['case_id', 'village_code']).execute();
  await db.schema.createIndex('case_events_device_id_idx').on('case_events').column('device_id').execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_code', 'text', (c) => c.notNull().references('villages.code'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_village_code_idx').on('feedback').column('village_code').execute();
  await db.schema.createIndex('feedback_device_id_idx').on('feedback').column('device_id').execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_entries_pk', ['device_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_entries').execute();
  await db.schema.dropTable('feedback').execute();
  await db.schema.dropTable('case_events').execute();
  await db.schema.dropTable('push_rejections').execute();
  await db.schema.dropTable('device_push_state').execute();
}
