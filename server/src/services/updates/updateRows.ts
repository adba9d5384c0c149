import type { Kysely } from 'kysely';
import { updateManifestSchema, type UpdateArch, type UpdateFormat, type UpdateManifest, type UpdatePlatform } from '../../../../shared/updates/manifest';
import type { Database } from '../../db/schema';
import type { UpdatesTable } from '../../db/tables/updates';

/** Rows of the updates table as manifests; parsed on the way out so a hand-edited row never reaches a kiosk unchecked. */
function toManifest(row: UpdatesTable): UpdateManifest {
  return updateManifestSchema.parse({
    id: row.id,
    version: row.version,
    platform: row.platform,
    arch: row.arch,
    format: row.format,
    fileName: row.file_name,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    publishedAt: row.published_at,
    ...(row.min_version === null ? {} : { minVersion: row.min_version }),
  });
}

/** Every published file (the dashboard's list). */
export async function listAllUpdates(db: Kysely<Database>): Promise<UpdateManifest[]> {
  const rows = await db.selectFrom('updates').selectAll().execute();
  return rows.map(toManifest);
}

export async function insertUpdate(db: Kysely<Database>, manifest: UpdateManifest): Promise<void> {
  await db
    .insertInto('updates')
    .values({
      id: manifest.id,
      version: manifest.version,
      platform: manifest.platform,
      arch: manifest.arch,
      format: manifest.format,
      file_name: manifest.fileName,
      size_bytes: manifest.size,
      sha256: manifest.sha256,
      min_version: manifest.minVersion ?? null,
      published_at: manifest.publishedAt,
    })
    .execute();
}

export interface UpdateTarget {
  platform: UpdatePlatform;
  arch: UpdateArch;
  format: UpdateFormat;
}

/** Every file published for one target; a county publishes a handful a year, so ordering by version happens in code. */
export async function listUpdatesFor(db: Kysely<Database>, target: UpdateTarget): Promise<UpdateManifest[]> {
  const rows = await db
    .selectFrom('updates')
    .selectAll()
    .where('platform', '=', target.platform)
    .where('arch', '=', target.arch)
    .where('format', '=', target.format)
    .execute();
  return rows.map(toManifest);
}

export async function findUpdateByTargetVersion(db: Kysely<Database>, target: UpdateTarget, version: string): Promise<UpdateManifest | undefined> {
  const row = await db
    .selectFrom('updates')
    .selectAll()
    .where('platform', '=', target.platform)
    .where('arch', '=', target.arch)
    .where('format', '=', target.format)
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : toManifest(row);
}

export async function findUpdate(db: Kysely<Database>, id: string): Promise<UpdateManifest | undefined> {
  const row = await db.selectFrom('updates').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toManifest(row);
}
