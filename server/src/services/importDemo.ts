import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CsvFormatError, CsvStreamParser, type CsvRecord } from '../../../shared/csv';
import { DEMO_FILES, demoManifestSchema, type DemoManifest } from '../../../shared/demo/manifest';
import { checkPublicNoticeHeader, parsePublicNoticeRow, PublicNoticeContext } from '../../../shared/demo/publicNoticeCsv';
import type { Disbursement } from '../../../shared/domain/disbursement';
import { fundProgramSchema, type FundProgram } from '../../../shared/domain/fundProgram';
import { noticeSchema, type Notice } from '../../../shared/domain/notice';
import { countySchema, type County } from '../../../shared/domain/place';
import { holidaySchema, serviceItemSchema, type Holiday, type ServiceItem } from '../../../shared/domain/serviceItem';
import { villageProjectSchema, type VillageProject } from '../../../shared/domain/villageProject';
import { PUBLICATION_KEY, type Publication } from '../../../shared/sync/pullStreams';
import type { PULL_STREAMS } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { describeZodError } from '../plugins/errorHandler';
import { publishChanges, type NewChange } from '../repositories/changes';
import { addVillage, listVillages } from '../repositories/villages';
import { FundSliceAccumulator } from './fundImport/sliceTotals';
import { replayNewestYearFirst } from './yearSpool';

/** A demo set that cannot be imported; the message names the file (and the CSV line). */
export class DemoImportError extends Error {
  override name = 'DemoImportError';
}

/** Changes per publishChanges call: one transaction each, so a huge county never sits in one. */
export const PUBLISH_BATCH = 5_000;

type PullStream = (typeof PULL_STREAMS)[number];
export type ImportedStream = Extract<PullStream, 'county' | 'publication' | 'program' | 'serviceItem' | 'holiday' | 'notice' | 'project' | 'disbursement'>;

/** Everything but the disbursements, which stay on disk and are streamed once to check, once to publish. */
export interface DemoSet {
  dir: string;
  manifest: DemoManifest;
  county: County;
  programs: FundProgram[];
  projects: VillageProject[];
  notices: Notice[];
  serviceItems: ServiceItem[];
  holidays: Holiday[];
  disbursementRows: number;
}

export interface PublishOptions {
  now?: Date;
  /** Changes per publishChanges transaction; at most PUBLISH_BATCH. */
  batchSize?: number;
}

export interface DemoImportSummary {
  villagesAdded: number;
  published: Record<ImportedStream, number>;
}

async function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DemoImportError(code === 'ENOENT' ? `${file}: missing from ${dir}` : `${file}: cannot be read (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DemoImportError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DemoImportError(`${file}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Feeds every disbursement of the CSV to `onRow`, in file order, without holding the file.
 * Throws a DemoImportError naming the file and line at the first bad record.
 */
async function streamDisbursements(set: Omit<DemoSet, 'disbursementRows'>, onRow: (row: Disbursement) => Promise<void> | void): Promise<number> {
  const file = DEMO_FILES.disbursements;
  const context = new PublicNoticeContext(set.county, set.programs);
  const parser = new CsvStreamParser();
  let headerSeen = false;
  let rows = 0;
  const handle = async (record: CsvRecord): Promise<void> => {
    if (!headerSeen) {
      headerSeen = true;
      const problem = checkPublicNoticeHeader(record.fields);
      if (problem !== null) throw new DemoImportError(`${file} line ${record.line}: ${problem}`);
      return;
    }
    const parsed = parsePublicNoticeRow(record.fields, context);
    if (!parsed.ok) throw new DemoImportError(`${file} line ${record.line}: ${parsed.reason}`);
    rows++;
    await onRow(parsed.row);
  };
  const stream = createReadStream(join(set.dir, file), { encoding: 'utf8' });
  try {
    for await (const chunk of stream) {
      for (const record of parser.push(chunk as string)) await handle(record);
    }
    for (const record of parser.finish()) await handle(record);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new DemoImportError(`${file} ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DemoImportError(`${file}: missing from ${set.dir}`);
    throw error;
  } finally {
    stream.destroy();
  }
  if (!headerSeen) throw new DemoImportError(`${file}: empty (no header row)`);
  return rows;
}

function expectCount(file: string, actual: number, expected: number): void {
  if (actual !== expected) throw new DemoImportError(`${file}: ${actual} records, but ${DEMO_FILES.manifest} says ${expected}`);
}

function expectUnique(file: string, keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new DemoImportError(`${file}: "${key}" appears twice`);
    seen.add(key);
  }
}

function expectKnownVillages(file: string, county: County, codes: ReadonlyArray<string | null>): void {
  const known = new Set(county.villages.map((v) => v.code));
  const unknown = codes.find((code) => code !== null && !known.has(code));
  if (unknown !== undefined) throw new DemoImportError(`${file}: village ${unknown} is not in ${DEMO_FILES.county}`);
}

/** Reads and validates the whole set, the CSV included; touches no database. */
export async function loadDemoSet(dir: string): Promise<DemoSet> {
  const manifest = await readJson(dir, DEMO_FILES.manifest, demoManifestSchema);
  const county = await readJson(dir, DEMO_FILES.county, countySchema);
  const programs = await readJson(dir, DEMO_FILES.programs, z.array(fundProgramSchema));
  const projects = await readJson(dir, DEMO_FILES.projects, z.array(villageProjectSchema));
  const notices = await readJson(dir, DEMO_FILES.notices, z.array(noticeSchema));
  const serviceItems = await readJson(dir, DEMO_FILES.serviceItems, z.array(serviceItemSchema));
  const holidays = await readJson(dir, DEMO_FILES.holidays, z.array(holidaySchema));

  expectUnique(DEMO_FILES.county, county.villages.map((v) => v.code));
  const townships = new Set(county.townships.map((t) => t.code));
  const orphan = county.villages.find((v) => !townships.has(v.townshipCode));
  if (orphan !== undefined) throw new DemoImportError(`${DEMO_FILES.county}: village ${orphan.code} is in unknown township ${orphan.townshipCode}`);
  expectUnique(DEMO_FILES.programs, programs.map((p) => p.id));
  expectUnique(DEMO_FILES.projects, projects.map((p) => p.id));
  expectUnique(DEMO_FILES.notices, notices.map((n) => n.id));
  expectUnique(DEMO_FILES.serviceItems, serviceItems.map((s) => s.code));
  expectUnique(DEMO_FILES.holidays, holidays.map((h) => h.date));
  expectKnownVillages(DEMO_FILES.projects, county, projects.map((p) => p.villageCode));
  expectKnownVillages(DEMO_FILES.notices, county, notices.map((n) => n.villageCode));
  expectCount(DEMO_FILES.programs, programs.length, manifest.counts.programs);
  expectCount(DEMO_FILES.projects, projects.length, manifest.counts.projects);
  expectCount(DEMO_FILES.notices, notices.length, manifest.counts.notices);
  expectCount(DEMO_FILES.serviceItems, serviceItems.length, manifest.counts.serviceItems);
  expectCount(DEMO_FILES.holidays, holidays.length, manifest.counts.holidays);

  const set = { dir, manifest, county, programs, projects, notices, serviceItems, holidays };
  const disbursementRows = await streamDisbursements(set, () => undefined);
  // A file cut exactly at a line break parses cleanly; only the manifest's count reveals it.
  expectCount(DEMO_FILES.disbursements, disbursementRows, manifest.counts.disbursements);
  return { ...set, disbursementRows };
}

/** Collects changes and publishes them PUBLISH_BATCH at a time, counting per stream. */
class ChangeBatcher {
  private pending: NewChange[] = [];
  readonly published: Record<ImportedStream, number> = {
    county: 0, publication: 0, program: 0, serviceItem: 0, holiday: 0, notice: 0, project: 0, disbursement: 0,
  };

  constructor(private readonly db: Kysely<Database>, private readonly now: Date, private readonly batchSize: number) {}

  async put(stream: ImportedStream, villageCode: string | null, key: string, value: unknown): Promise<void> {
    this.pending.push({ stream, villageCode, op: 'put', key, value });
    this.published[stream]++;
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    await publishChanges(this.db, batch, this.now);
  }
}

/**
 * Adds the county's missing villages, then publishes every record as a 'put'. County-wide
 * records (county, catalog, holidays, notices without a village) carry a null village code.
 *
 * Disbursements go newest year first (DESIGN.md §5: a kiosk's lookups work on the latest year
 * minutes before its first sync ends), each year in file order so the kiosk's per-program ranks
 * keep the notice's order (replayNewestYearFirst spools the rows by year rather than hold them).
 * The 'publication' record ("data as of") comes last: a kiosk shows the date only once it holds
 * what was published with it.
 */
export async function publishDemoSet(db: Kysely<Database>, set: DemoSet, { now = new Date(), batchSize = PUBLISH_BATCH }: PublishOptions = {}): Promise<DemoImportSummary> {
  const existing = new Set((await listVillages(db)).map((v) => v.code));
  let villagesAdded = 0;
  for (const v of set.county.villages) {
    if (existing.has(v.code)) continue;
    await addVillage(db, { code: v.code, name: v.name, townshipCode: v.townshipCode, groups: v.groups }, now);
    villagesAdded++;
  }

  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > PUBLISH_BATCH) throw new RangeError(`batch size must be 1..${PUBLISH_BATCH}`);
  const batcher = new ChangeBatcher(db, now, batchSize);
  await batcher.put('county', null, set.county.code, set.county);
  for (const p of set.programs) await batcher.put('program', null, p.id, p);
  for (const s of set.serviceItems) await batcher.put('serviceItem', null, s.code, s);
  for (const h of set.holidays) await batcher.put('holiday', null, h.date, h);
  for (const n of set.notices) await batcher.put('notice', n.villageCode, n.id, n);
  for (const p of set.projects) await batcher.put('project', p.villageCode, p.id, p);
  const fundTotals = new FundSliceAccumulator();
  const rows = await replayNewestYearFirst(
    (onRow) => streamDisbursements(set, onRow),
    (row) => {
      fundTotals.add(row);
      return batcher.put('disbursement', row.villageCode, row.id, row);
    },
  );
  const publication: Publication = { dataAsOf: set.manifest.dataAsOf };
  await batcher.put('publication', null, PUBLICATION_KEY, publication);
  await batcher.flush();
  // The dashboard's overview and program totals read fund_totals, not the change log.
  await fundTotals.save(db, now);
  if (rows !== set.disbursementRows) {
    throw new DemoImportError(`${DEMO_FILES.disbursements}: changed while importing (${rows} rows now, ${set.disbursementRows} when checked)`);
  }
  return { villagesAdded, published: batcher.published };
}

/** Validates the whole set, then publishes it: a bad set changes nothing. */
export async function importDemo(db: Kysely<Database>, dir: string, options: PublishOptions = {}): Promise<DemoImportSummary> {
  return publishDemoSet(db, await loadDemoSet(dir), options);
}
