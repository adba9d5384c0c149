import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { CsvStreamParser, csvLine } from '../../../shared/csv';
import { DEMO_FILES, demoManifestSchema } from '../../../shared/demo/manifest';
import { DEFAULT_LAST_YEAR, MAX_DEMO_HOUSEHOLDS, MIN_YEAR, generateDemoData, type DemoOptions } from '../../../shared/demo/generator/index';
import { PUBLIC_NOTICE_COLUMNS, PublicNoticeContext, parsePublicNoticeRow } from '../../../shared/demo/publicNoticeCsv';
import { countySchema } from '../../../shared/domain/place';
import { fundProgramSchema } from '../../../shared/domain/fundProgram';
import { householdKeyOf, type StoredDisbursement } from '../../../renderer/src/db/schema';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';

/** Rows per raw-write chunk file: the same as a full pull page, so the raw ceiling writes in the same units. */
export const RAW_CHUNK_ROWS = 5_000;
const PILOT_HOUSEHOLDS = 2_000;
const SEEDS = [1, 2] as const;
/** Spans of years tried, ending at the generator's default last year (it cannot start before MIN_YEAR). */
const YEAR_STEPS = [10, 15, 20, DEFAULT_LAST_YEAR - MIN_YEAR + 1] as const;
/** Generate a little more than needed: the village's share at full size differs slightly from the pilot's. */
const HEADROOM = 1.06;
const READY_FILE = 'ready.json';

export interface SyncBenchData {
  /** A demo set whose CSV holds exactly `rows` disbursements, all of the station village. */
  demoDir: string;
  /** chunk-00000.json …: the same rows as the kiosk stores them (householdKey, rank), RAW_CHUNK_ROWS each. */
  chunksDir: string;
  chunkCount: number;
  rows: number;
  villageCode: string;
  townshipCode: string;
  lastYear: number;
  generator: DemoOptions;
}

function stationRows(options: DemoOptions): { village: string; rows: number } {
  const data = generateDemoData(options);
  const village = data.station.villageCode ?? '';
  let rows = 0;
  for (const line of data.disbursements()) if (line.row.villageCode === village) rows++;
  return { village, rows };
}

/**
 * Generator options whose station village has at least `rows` disbursements: a small pilot per
 * span of years measures rows per household, then households are scaled. The generator caps
 * households, and the station village's share of them depends on the seed, so a million rows in
 * one village needs 26 years and seed 2.
 */
export function sizeForRows(rows: number): DemoOptions {
  for (const years of YEAR_STEPS) {
    for (const seed of SEEDS) {
      const pilot = stationRows({ households: PILOT_HOUSEHOLDS, years, seed, townships: 1, scope: 'village' });
      const perHousehold = pilot.rows / PILOT_HOUSEHOLDS;
      if (perHousehold * MAX_DEMO_HOUSEHOLDS < rows) continue;
      // Headroom where the cap allows; at the cap the pilot's estimate must do (the filter checks the real count).
      const households = Math.min(MAX_DEMO_HOUSEHOLDS, Math.max(50, Math.ceil((rows * HEADROOM) / perHousehold)));
      return { households, years, seed, townships: 1, scope: 'village' };
    }
  }
  throw new Error(`the demo generator cannot give one village ${rows} rows`);
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Keeps the station village's newest `rows` rows (the file runs oldest year first, so the oldest
 * are dropped), renumbers them, and writes the same rows as raw chunk files for the page.
 */
async function filterToVillage(fullDir: string, outDir: string, chunksDir: string, rows: number, village: string): Promise<number> {
  const county = countySchema.parse(JSON.parse(await readFile(join(fullDir, DEMO_FILES.county), 'utf8')));
  const programs = fundProgramSchema.array().parse(JSON.parse(await readFile(join(fullDir, DEMO_FILES.programs), 'utf8')));
  const context = new PublicNoticeContext(county, programs);
  const inVillage = (fields: readonly string[]): boolean => {
    const parsed = parsePublicNoticeRow(fields, context);
    if (!parsed.ok) throw new Error(`demo row does not parse: ${parsed.reason}`);
    return parsed.row.villageCode === village;
  };

  const csvRows = async function* (): AsyncGenerator<string[]> {
    const parser = new CsvStreamParser();
    let header = true;
    for await (const chunk of createReadStream(join(fullDir, DEMO_FILES.disbursements), { encoding: 'utf8' })) {
      for (const record of parser.push(chunk as string)) {
        if (header) header = false;
        else yield record.fields;
      }
    }
    for (const record of parser.finish()) yield record.fields;
  };

  let total = 0;
  for await (const fields of csvRows()) if (inVillage(fields)) total++;
  if (total < rows) throw new Error(`the station village has ${total} rows, fewer than ${rows}`);
  let skip = total - rows;

  const csv = createWriteStream(join(outDir, DEMO_FILES.disbursements), { encoding: 'utf8' });
  await write(csv, `\uFEFF${csvLine(PUBLIC_NOTICE_COLUMNS)}`);
  const ranks = new Map<string, number>();
  let chunk: StoredDisbursement[] = [];
  let chunkCount = 0;
  let serial = 0;
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    await writeFile(join(chunksDir, `chunk-${String(chunkCount).padStart(5, '0')}.json`), JSON.stringify(chunk));
    chunkCount++;
    chunk = [];
  };
  for await (const fields of csvRows()) {
    const parsed = parsePublicNoticeRow(fields, context);
    if (!parsed.ok || parsed.row.villageCode !== village) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    serial++;
    await write(csv, csvLine([String(serial), ...fields.slice(1)]));
    const rank = ranks.get(parsed.row.programId) ?? 0;
    ranks.set(parsed.row.programId, rank + 1);
    chunk.push({ ...parsed.row, householdKey: householdKeyOf(parsed.row.villageCode, parsed.row.householdNo), rank });
    if (chunk.length === RAW_CHUNK_ROWS) await flush();
  }
  await flush();
  csv.end();
  await once(csv, 'finish');
  return chunkCount;
}

/** Builds (or reuses, when a finished one is cached) the bench data for `rows` rows in one village. */
export async function prepareSyncBenchData(cacheDir: string, rows: number, log: (line: string) => void): Promise<SyncBenchData> {
  const dir = join(cacheDir, `sync-data-${rows}`);
  const readyPath = join(dir, READY_FILE);
  if (existsSync(readyPath)) return JSON.parse(await readFile(readyPath, 'utf8')) as SyncBenchData;

  await rm(dir, { recursive: true, force: true });
  const fullDir = join(dir, 'full');
  const demoDir = join(dir, 'demo');
  const chunksDir = join(dir, 'chunks');
  await Promise.all([mkdir(fullDir, { recursive: true }), mkdir(demoDir, { recursive: true }), mkdir(chunksDir, { recursive: true })]);

  const generator = sizeForRows(rows);
  log(`generating ${generator.households} households × ${generator.years} years (station village ≥ ${rows} rows)…`);
  const manifest = await writeDemoData({ ...generator, outDir: fullDir });
  const village = manifest.station.villageCode;
  if (village === null) throw new Error('the demo station is not a village');

  for (const file of [DEMO_FILES.county, DEMO_FILES.programs, DEMO_FILES.projects, DEMO_FILES.notices, DEMO_FILES.serviceItems, DEMO_FILES.holidays]) {
    await writeFile(join(demoDir, file), await readFile(join(fullDir, file)));
  }
  log('keeping one village’s rows…');
  const chunkCount = await filterToVillage(fullDir, demoDir, chunksDir, rows, village);
  const filtered = demoManifestSchema.parse({ ...manifest, counts: { ...manifest.counts, disbursements: rows } });
  await writeFile(join(demoDir, DEMO_FILES.manifest), JSON.stringify(filtered, null, 2));
  await rm(fullDir, { recursive: true, force: true });

  const data: SyncBenchData = {
    demoDir, chunksDir, chunkCount, rows, villageCode: village, townshipCode: manifest.station.townshipCode, lastYear: manifest.lastYear, generator,
  };
  await writeFile(readyPath, JSON.stringify(data, null, 2));
  return data;
}
