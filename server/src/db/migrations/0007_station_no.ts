import { sql, type Kysely } from 'kysely';

/**
 * Station numbers (shared/cases/receiptNo.ts): each kiosk of a village gets a number 1–9 at
 * enrollment, the first digit of the sequence of its receipt and ticket numbers, so two kiosks of a
 * village never issue the same number. Null only on a device enrolled before this column that found
 * no number free in the backfill (its kiosk keeps numbering as station 0 until it enrolls again).
 *
 * The backfill replays each village's enrollments in enrolled_at order with the rule enrollment
 * uses from now on (services/stationNumbers.ts), written out here because a shipped migration must
 * not change when that code does: an author id enrolling again keeps its number unless another
 * author's device holds it; otherwise the smallest number no other author's device holds, where a
 * device revoked before this enrollment holds none.
 */
const MAX_STATION_NO = 9;

interface DeviceRow {
  id: string;
  village_code: string;
  author_id: string | null;
  enrolled_at: string;
  revoked_at: string | null;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('station_no', 'integer').execute();
  await db.schema.createIndex('devices_village_station_idx').on('devices').columns(['village_code', 'station_no']).execute();

  const devices = await sql<DeviceRow>`select id, village_code, author_id, enrolled_at, revoked_at from devices order by village_code, enrolled_at, id`.execute(db);
  const byVillage = new Map<string, DeviceRow[]>();
  for (const row of devices.rows) byVillage.set(row.village_code, [...(byVillage.get(row.village_code) ?? []), row]);
  for (const rows of byVillage.values()) {
    const assigned: { author: string; stationNo: number; revokedAt: string | null }[] = [];
    for (const row of rows) {
      const author = row.author_id ?? row.id;
      const held = new Set(assigned.filter((a) => a.author !== author && (a.revokedAt === null || a.revokedAt > row.enrolled_at)).map((a) => a.stationNo));
      const own = assigned.filter((a) => a.author === author).at(-1)?.stationNo;
      const stationNo = own !== undefined && !held.has(own) ? own : smallestFree(held);
      if (stationNo === null) continue;
      assigned.push({ author, stationNo, revokedAt: row.revoked_at });
      await sql`update devices set station_no = ${stationNo} where id = ${row.id}`.execute(db);
    }
  }
}

function smallestFree(held: ReadonlySet<number>): number | null {
  for (let n = 1; n <= MAX_STATION_NO; n++) if (!held.has(n)) return n;
  return null;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('devices_village_station_idx').execute();
  await db.schema.alterTable('devices').dropColumn('station_no').execute();
}
