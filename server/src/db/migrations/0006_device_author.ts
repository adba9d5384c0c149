import type { Kysely } from 'kysely';

/**
 * The kiosk's own author id (DESIGN.md §4). A kiosk writes case events as its permanent local id,
 * often long before it is enrolled, and keeps that id when it enrolls again (a new device row).
 * devices.author_id records which author a device pushes for; null on devices enrolled before
 * this column, whose author id is their device id. The index serves the enrollment check that an
 * author id is not bound to a device of another village.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('author_id', 'text').execute();
  await db.schema.createIndex('devices_author_id_idx').on('devices').column('author_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('devices_author_id_idx').execute();
  await db.schema.alterTable('devices').dropColumn('author_id').execute();
}
