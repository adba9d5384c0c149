import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** Names of the villages a page shows, fetched apart so the page query itself stays on one index. */
export async function villageNames(db: Kysely<Database>, codes: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('villages').select(['code', 'name']).where('code', 'in', unique).execute();
  return new Map(rows.map((row) => [row.code, row.name]));
}
