import type { Kysely } from 'kysely';
import { z } from 'zod';
import { shortText, townshipCodeSchema, villageCodeSchema } from '../../../shared/domain/common';
import type { Database, VillagesTable } from '../db/schema';

export const newVillageSchema = z.object({
  code: villageCodeSchema,
  name: shortText,
  townshipCode: townshipCodeSchema,
  groups: z.number().int().min(1).max(99).nullable().default(null),
});
export type NewVillage = z.input<typeof newVillageSchema>;

export interface VillageRecord {
  code: string;
  name: string;
  townshipCode: string;
  groups: number | null;
  createdAt: string;
}

function toRecord(row: VillagesTable): VillageRecord {
  return { code: row.code, name: row.name, townshipCode: row.township_code, groups: row.groups, createdAt: row.created_at };
}

export class VillageExistsError extends Error {
  override name = 'VillageExistsError';
}

export async function addVillage(db: Kysely<Database>, input: unknown, now: Date = new Date()): Promise<VillageRecord> {
  const village = newVillageSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('villages').select('code').where('code', '=', village.code).executeTakeFirst();
    if (existing !== undefined) throw new VillageExistsError(`village ${village.code} already exists`);
    const row: VillagesTable = {
      code: village.code,
      name: village.name,
      township_code: village.townshipCode,
      groups: village.groups,
      created_at: now.toISOString(),
    };
    await trx.insertInto('villages').values(row).execute();
    return toRecord(row);
  });
}

export async function findVillage(db: Kysely<Database>, code: string): Promise<VillageRecord | undefined> {
  const row = await db.selectFrom('villages').selectAll().where('code', '=', code).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export async function listVillages(db: Kysely<Database>): Promise<VillageRecord[]> {
  const rows = await db.selectFrom('villages').selectAll().orderBy('code').execute();
  return rows.map(toRecord);
}
