import type { Kysely } from 'kysely';

/**
 * The kiosk build each device last synced with (header x-kiosk-version), for the dashboard's
 * devices page: a county can see which stations still run an old version. Null until the device
 * syncs with a kiosk that sends it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('app_version', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('app_version').execute();
}
