import { DEMO_FILES } from '../../../../shared/demo/manifest';
import { PublicNoticeContext } from '../../../../shared/demo/publicNoticeCsv';
import { householdKeyOf, type KioskDatabase, type StoredDisbursement } from '../schema';
import { HouseholdCollector } from './householdCollector';
import { invalidData, writeFailure } from './importError';
import { noticeField, readPublicNoticeRows } from './publicNoticeRows';
import type { CountyDataSource } from './source';
import { SummaryAccumulator } from './summaryAccumulator';
import { isInScope, PROGRESS_EVERY_ROWS, type ProgressOptions, type ValidatedCountyData } from './validateCountyData';

/**
 * Rows per IndexedDB transaction. Measured in Chromium on a 2-core machine: 1,000 to 20,000 rows
 * per transaction all wrote at the speed of a bare Dexie bulkAdd of the same records (the
 * IndexedDB ceiling, about 9,000 of these rows/s there), so the size only bounds memory and
 * how much a killed import redoes.
 */
export const WRITE_CHUNK_ROWS = 5_000;

export interface WriteOptions extends ProgressOptions {
  label: string;
  chunkRows?: number;
}

export interface WriteOutcome {
  disbursements: number;
  households: number;
  projects: number;
  notices: number;
  writeMs: number;
}

/** The tables the county owns; an import replaces all of them. */
function countyTables(db: KioskDatabase) {
  return [db.programs, db.disbursements, db.households, db.programSummaries, db.projects, db.notices, db.serviceItems, db.holidays];
}

/**
 * Pass 2: replaces the county-owned data. The import record says 'inProgress' from the first
 * write until the last, so a kiosk killed or out of disk in between knows to import again.
 */
export async function writeCountyData(db: KioskDatabase, source: CountyDataSource, data: ValidatedCountyData, options: WriteOptions): Promise<WriteOutcome> {
  const started = performance.now();
  const { scope } = data;
  const townshipOf = new Map(data.county.villages.map((v) => [v.code, v.townshipCode]));
  const placeOf = (villageCode: string) => ({ townshipCode: townshipOf.get(villageCode) ?? '', villageCode });
  const projects = data.projects.filter((p) => isInScope(scope, placeOf(p.villageCode)));
  // County-wide notices (no village) are shown everywhere.
  const notices = data.notices.filter((n) => n.villageCode === null || isInScope(scope, placeOf(n.villageCode)));

  let file: string = DEMO_FILES.manifest;
  try {
    await db.transaction('rw', [...countyTables(db), db.meta], async () => {
      await db.meta.put({ key: 'import', value: { state: 'inProgress', source: options.label, rows: 0, finishedAt: null } });
      await db.meta.bulkDelete(['dataAsOf', 'scope', 'county']);
      for (const table of countyTables(db)) await table.clear();
      await db.programs.bulkAdd(data.programs);
      await db.projects.bulkAdd(projects);
      await db.notices.bulkAdd(notices);
      await db.serviceItems.bulkAdd(data.serviceItems);
      await db.holidays.bulkAdd(data.holidays);
    });

    file = DEMO_FILES.disbursements;
    const rows = await writeDisbursements(db, source, data, options);

    file = DEMO_FILES.manifest;
    await db.transaction('rw', [db.households, db.programSummaries, db.meta], async () => {
      await db.households.bulkAdd(rows.households.values());
      await db.programSummaries.bulkAdd(rows.summaries.values());
      await db.meta.bulkPut([
        { key: 'dataAsOf', value: data.manifest.dataAsOf },
        { key: 'scope', value: scope },
        { key: 'county', value: data.county },
        // finishedAt is shown to staff only; nothing is ever ordered by the kiosk's clock.
        { key: 'import', value: { state: 'complete', source: options.label, rows: rows.stored, finishedAt: new Date().toISOString() } },
      ]);
    });
    return { disbursements: rows.stored, households: rows.households.size, projects: projects.length, notices: notices.length, writeMs: performance.now() - started };
  } catch (error) {
    throw writeFailure(file, error);
  }
}

async function writeDisbursements(db: KioskDatabase, source: CountyDataSource, data: ValidatedCountyData, options: WriteOptions) {
  const file = DEMO_FILES.disbursements;
  const chunkRows = options.chunkRows ?? WRITE_CHUNK_ROWS;
  const progressEveryRows = options.progressEveryRows ?? PROGRESS_EVERY_ROWS;
  const ctx = new PublicNoticeContext(data.county, data.programs);
  const households = new HouseholdCollector();
  const summaries = new SummaryAccumulator(data.programs);
  const nextRank = new Map<string, number>();
  const report = () => options.onProgress?.({ phase: 'writing', rows: fileRows, totalRows: data.csvRows });

  // One chunk is written while the next is parsed; the write's failure is held as a value so it
  // cannot surface as an unhandled rejection before it is awaited.
  let pending: Promise<unknown> = Promise.resolve(null);
  const flush = async (chunk: StoredDisbursement[]) => {
    const failure = await pending;
    if (failure) throw failure;
    pending = db.disbursements.bulkAdd(chunk).then(() => null, (error: unknown) => error ?? new Error('write failed'));
  };

  let fileRows = 0;
  const rowOptions = {
    // Pass 1 parsed every row; here rows of other places are only counted, which matters when a
    // village kiosk loads a whole county's file.
    keep: (fields: readonly string[]) => {
      const place = ctx.village(noticeField(fields, '乡镇'), noticeField(fields, '村'));
      return place === undefined || isInScope(data.scope, place);
    },
    onRecord: () => {
      fileRows++;
      if (fileRows % progressEveryRows === 0) report();
    },
  };

  let chunk: StoredDisbursement[] = [];
  let stored = 0;
  for await (const { row } of readPublicNoticeRows(source, file, ctx, rowOptions)) {
    if (!isInScope(data.scope, row)) continue;
    const rank = nextRank.get(row.programId) ?? 0;
    nextRank.set(row.programId, rank + 1);
    const householdKey = householdKeyOf(row.villageCode, row.householdNo);
    chunk.push({ ...row, householdKey, rank });
    households.add(householdKey, row);
    summaries.add(row);
    stored++;
    if (chunk.length >= chunkRows) {
      await flush(chunk);
      chunk = [];
    }
  }
  if (fileRows !== data.csvRows) throw invalidData(file, `changed while importing: ${fileRows} rows now, ${data.csvRows} when checked`);
  if (chunk.length > 0) await flush(chunk);
  const failure = await pending;
  if (failure) throw failure;
  report();
  return { stored, households, summaries };
}
