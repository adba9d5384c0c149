import type { Kysely } from 'kysely';

/**
 * Villages, enrollment codes and devices. Append-only: once released, a migration is never
 * edited; a change is a new numbered file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  // Epoch 1 is the database as first created; restoring a backup bumps it so kiosks start over.
  await db.insertInto('server_meta' as never).values({ key: 'epoch', value: '1' } as never).execute();

  await db.schema
    .createTable('villages')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('groups', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_code', 'text', (c) => c.notNull().references('villages.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .execute();
  await db.schema.createIndex('devices_village_code_idx').on('devices').column('village_code').execute();

  await db.schema
    .createTable('enrollment_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('village_code', 'text', (c) => c.notNull().references('villages.code'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by_device_id', 'text', (c) => c.references('devices.id'))
    .execute();
  await db.schema.createIndex('enrollment_codes_village_code_idx').on('enrollment_codes').column('village_code').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('enrollment_codes').execute();
  await db.schema.dropTable('devices').execute();
  await db.schema.dropTable('villages').execute();
  await db.schema.dropTable('server_meta').execute();
}
