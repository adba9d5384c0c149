import type { Kysely } from 'kysely';

/**
 * What each kiosk last said it is when it asked for updates (GET /api/v1/updates/latest or
 * /release): platform, architecture and installer format. The updates page compares a device only
 * with its own platform's newest release. Null until the device asks (older kiosks, web mode).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('update_platform', 'text').execute();
  await db.schema.alterTable('devices').addColumn('update_arch', 'text').execute();
  await db.schema.alterTable('devices').addColumn('update_format', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('update_format').execute();
  await db.schema.alterTable('devices').dropColumn('update_arch').execute();
  await db.schema.alterTable('devices').dropColumn('update_platform').execute();
}
