import { z } from 'zod';
import { DEMO_FILES, demoManifestSchema, kioskScopeSchema, type DemoManifest, type KioskScope } from '../../../../shared/demo/manifest';
import { PublicNoticeContext } from '../../../../shared/demo/publicNoticeCsv';
import { fundProgramSchema, type FundProgram } from '../../../../shared/domain/fundProgram';
import { noticeSchema, type Notice } from '../../../../shared/domain/notice';
import { countySchema, type County } from '../../../../shared/domain/place';
import { holidaySchema, serviceItemSchema, type Holiday, type ServiceItem } from '../../../../shared/domain/serviceItem';
import { villageProjectSchema, type VillageProject } from '../../../../shared/domain/villageProject';
import { invalidData } from './importError';
import { checkCount, checkUnique, readJsonFile } from './jsonFiles';
import { readPublicNoticeRows } from './publicNoticeRows';
import type { CountyDataSource } from './source';
import type { ImportProgress } from './importResult';

export interface ValidatedCountyData {
  manifest: DemoManifest;
  county: County;
  programs: FundProgram[];
  projects: VillageProject[];
  notices: Notice[];
  serviceItems: ServiceItem[];
  holidays: Holiday[];
  scope: KioskScope;
  csvRows: number;
}

export const PROGRESS_EVERY_ROWS = 5_000;

export interface ProgressOptions {
  onProgress?: (p: ImportProgress) => void;
  progressEveryRows?: number;
}

function checkCountyPlaces(county: County): Set<string> {
  const file = DEMO_FILES.county;
  checkUnique(file, county.townships, (t) => t.code, 'township code');
  checkUnique(file, county.villages, (v) => v.code, 'village code');
  const townships = new Set(county.townships.map((t) => t.code));
  county.villages.forEach((v, i) => {
    if (!townships.has(v.townshipCode)) throw invalidData(file, `villages.${i}: township ${v.townshipCode} is not in townships`);
  });
  return new Set(county.villages.map((v) => v.code));
}

function resolveScope(requested: unknown, county: County, file: string): KioskScope {
  const parsed = kioskScopeSchema.safeParse(requested);
  if (!parsed.success) throw invalidData(file, `scope is not a township and village code (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  const scope = parsed.data;
  if (!county.townships.some((t) => t.code === scope.townshipCode)) throw invalidData(file, `scope township ${scope.townshipCode} is not in ${DEMO_FILES.county}`);
  if (scope.villageCode !== null && !county.villages.some((v) => v.code === scope.villageCode && v.townshipCode === scope.townshipCode)) {
    throw invalidData(file, `scope village ${scope.villageCode} is not in township ${scope.townshipCode}`);
  }
  return scope;
}

export function isInScope(scope: KioskScope, place: { townshipCode: string; villageCode: string }): boolean {
  return place.townshipCode === scope.townshipCode && (scope.villageCode === null || place.villageCode === scope.villageCode);
}

/**
 * Pass 1: reads and checks every file before anything is written, so bad or partial data
 * leaves the kiosk's database exactly as it was.
 */
export async function validateCountyData(
  source: CountyDataSource,
  requestedScope: KioskScope | undefined,
  progress: ProgressOptions = {},
): Promise<ValidatedCountyData> {
  const manifest = await readJsonFile(source, DEMO_FILES.manifest, demoManifestSchema);
  const county = await readJsonFile(source, DEMO_FILES.county, countySchema);
  const villages = checkCountyPlaces(county);
  const scope = requestedScope === undefined ? resolveScope(manifest.station, county, DEMO_FILES.manifest) : resolveScope(requestedScope, county, DEMO_FILES.county);

  const programs = await readJsonFile(source, DEMO_FILES.programs, z.array(fundProgramSchema));
  checkCount(DEMO_FILES.programs, programs.length, manifest.counts.programs, 'programs');
  checkUnique(DEMO_FILES.programs, programs, (p) => p.id, 'id');
  checkUnique(DEMO_FILES.programs, programs, (p) => `${p.year} ${p.name}`, 'year and name');

  const projects = await readJsonFile(source, DEMO_FILES.projects, z.array(villageProjectSchema));
  checkCount(DEMO_FILES.projects, projects.length, manifest.counts.projects, 'projects');
  checkUnique(DEMO_FILES.projects, projects, (p) => p.id, 'id');
  projects.forEach((p, i) => {
    if (!villages.has(p.villageCode)) throw invalidData(DEMO_FILES.projects, `item ${i} villageCode: ${p.villageCode} is not in ${DEMO_FILES.county}`);
  });

  const notices = await readJsonFile(source, DEMO_FILES.notices, z.array(noticeSchema));
  checkCount(DEMO_FILES.notices, notices.length, manifest.counts.notices, 'notices');
  checkUnique(DEMO_FILES.notices, notices, (n) => n.id, 'id');
  notices.forEach((n, i) => {
    if (n.villageCode !== null && !villages.has(n.villageCode)) throw invalidData(DEMO_FILES.notices, `item ${i} villageCode: ${n.villageCode} is not in ${DEMO_FILES.county}`);
  });

  const serviceItems = await readJsonFile(source, DEMO_FILES.serviceItems, z.array(serviceItemSchema));
  checkCount(DEMO_FILES.serviceItems, serviceItems.length, manifest.counts.serviceItems, 'service items');
  checkUnique(DEMO_FILES.serviceItems, serviceItems, (s) => s.code, 'code');

  const holidays = await readJsonFile(source, DEMO_FILES.holidays, z.array(holidaySchema));
  checkCount(DEMO_FILES.holidays, holidays.length, manifest.counts.holidays, 'holidays');
  checkUnique(DEMO_FILES.holidays, holidays, (h) => h.date, 'date');

  const csvRows = await validateDisbursements(source, new PublicNoticeContext(county, programs), manifest.counts.disbursements, progress);
  return { manifest, county, programs, projects, notices, serviceItems, holidays, scope, csvRows };
}

async function validateDisbursements(
  source: CountyDataSource,
  ctx: PublicNoticeContext,
  expectedRows: number,
  { onProgress, progressEveryRows = PROGRESS_EVERY_ROWS }: ProgressOptions,
): Promise<number> {
  const file = DEMO_FILES.disbursements;
  // The one structure that grows with the file: ids only, to catch a row published twice.
  const ids = new Set<string>();
  let rows = 0;
  let lastLine = 1;
  for await (const { line, row } of readPublicNoticeRows(source, file, ctx)) {
    if (ids.has(row.id)) throw invalidData(file, `duplicate row: program ${row.programId} period ${row.period} household ${row.householdNo} of village ${row.villageCode} appears earlier`, line);
    ids.add(row.id);
    rows++;
    lastLine = line;
    if (rows > expectedRows) throw invalidData(file, `more rows than the ${expectedRows} that manifest.json announces`, line);
    if (rows % progressEveryRows === 0) onProgress?.({ phase: 'validating', rows, totalRows: expectedRows });
  }
  if (rows !== expectedRows) {
    throw invalidData(file, `the file ends after ${rows} rows but manifest.json announces ${expectedRows} (truncated?)`, lastLine + 1);
  }
  onProgress?.({ phase: 'validating', rows, totalRows: expectedRows });
  return rows;
}
