import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';
import { publishChanges } from '../../src/repositories/changes';
import { addVillage } from '../../src/repositories/villages';
import { county, programs } from '../../../test/unit/db/support/countyFixture';
import { FINANCE_HEADER, financeLine, validId } from '../../../test/unit/funds/support';

export { county, programs, FINANCE_HEADER, financeLine, validId };
export { VILLAGE_A1, VILLAGE_A2, VILLAGE_B1 } from '../../../test/unit/db/support/countyFixture';

/** The small hand-made county (3 villages, 3 programs) as the server holds it after import-demo. */
export async function seedFundCounty(db: Kysely<Database>, now = new Date('2024-06-01T00:00:00Z')): Promise<void> {
  for (const v of county.villages) await addVillage(db, { code: v.code, name: v.name, townshipCode: v.townshipCode, groups: v.groups }, now);
  await publishChanges(db, [
    { stream: 'county', villageCode: null, op: 'put', key: county.code, value: county },
    ...programs.map((p) => ({ stream: 'program' as const, villageCode: null, op: 'put' as const, key: p.id, value: p })),
  ], now);
}

export function csv(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

/** A workbook whose first sheet holds the given rows (strings and numbers as typed). */
export async function xlsx(rows: Array<Array<string | number | Date>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发放清单');
  for (const row of rows) sheet.addRow(row);
  workbook.addWorksheet('说明').addRow(['本表由县财政局导出']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A digest of everything an import may write: equal before and after means nothing changed. */
export async function fundTablesDigest(db: Kysely<Database>): Promise<string> {
  const changes = await sql`select id, village_code, stream, op, key, value from changes order by id`.execute(db);
  const totals = await sql`select * from fund_totals order by program_id, village_code`.execute(db);
  return createHash('sha256').update(JSON.stringify([changes.rows, totals.rows])).digest('hex');
}
