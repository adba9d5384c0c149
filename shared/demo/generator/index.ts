import type { KioskScope } from '../manifest';
import type { County } from '../../domain/place';
import type { FundProgram } from '../../domain/fundProgram';
import type { Notice } from '../../domain/notice';
import type { Holiday, ServiceItem } from '../../domain/serviceItem';
import type { VillageProject } from '../../domain/villageProject';
import { disbursementLines, tallyProgramYears, type DisbursementLine, type DisbursementSource } from './disbursements';
import { buildHolidays } from './holidays';
import { buildHouseholds, MAX_DEMO_HOUSEHOLDS, type DemoHousehold } from './households';
import { buildNotices } from './notices';
import { buildPlaces, MAX_TOWNSHIPS, type DemoVillage } from './places';
import { draftProgramYears, withBudget, type ProgramYear } from './programs';
import { buildProjects } from './projects';
import { SeededRandom } from './random';
import { buildServiceCatalog } from './serviceCatalog';
import { DemoOptionsError } from './optionsError';

export interface DemoOptions {
  households: number;
  years: number;
  seed: number;
  /** Townships in the county (4 villages each); default 3. */
  townships?: number;
  /** What the default station keeps: its village (default) or its whole township. */
  scope?: 'village' | 'township';
  /** The data year: the last year covered; default 2025. The clock is never read. */
  lastYear?: number;
}

export const DEFAULT_TOWNSHIPS = 3;
export const DEFAULT_LAST_YEAR = 2025;
export const MAX_YEARS = 30;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export { MAX_DEMO_HOUSEHOLDS, MAX_TOWNSHIPS };

/** The day the county "published" the data: late in the data year, so its last programs are mid-way. */
export function dataAsOfFor(lastYear: number): string {
  return `${lastYear}-11-20`;
}

export interface DemoDataset {
  seed: number;
  firstYear: number;
  lastYear: number;
  dataAsOf: string;
  station: KioskScope;
  county: County;
  villages: readonly DemoVillage[];
  /** In memory only (with full ID numbers), for tests that play a card reader; never written. */
  households: readonly DemoHousehold[];
  programs: FundProgram[];
  programYears: readonly ProgramYear[];
  projects: VillageProject[];
  notices: Notice[];
  serviceItems: ServiceItem[];
  holidays: Holiday[];
  /** How many rows disbursements() yields. */
  disbursementCount: number;
  /** A fresh pass over every disbursement row, streamed. */
  disbursements(): Generator<DisbursementLine>;
}

export function validateDemoOptions(options: DemoOptions): void {
  const { households, years, seed } = options;
  const townships = options.townships ?? DEFAULT_TOWNSHIPS;
  const lastYear = options.lastYear ?? DEFAULT_LAST_YEAR;
  const intIn = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;
  if (!intIn(households, 1, MAX_DEMO_HOUSEHOLDS)) throw new DemoOptionsError(`households must be an integer 1–${MAX_DEMO_HOUSEHOLDS}, got ${households}`);
  if (!intIn(years, 1, MAX_YEARS)) throw new DemoOptionsError(`years must be an integer 1–${MAX_YEARS}, got ${years}`);
  if (!intIn(seed, 0, 0xffffffff)) throw new DemoOptionsError(`seed must be an integer 0–4294967295, got ${seed}`);
  if (!intIn(townships, 1, MAX_TOWNSHIPS)) throw new DemoOptionsError(`townships must be an integer 1–${MAX_TOWNSHIPS}, got ${townships}`);
  if (!intIn(lastYear, MIN_YEAR, MAX_YEAR)) throw new DemoOptionsError(`last year must be ${MIN_YEAR}–${MAX_YEAR}, got ${lastYear}`);
  if (lastYear - years + 1 < MIN_YEAR) throw new DemoOptionsError(`${years} years ending ${lastYear} would start before ${MIN_YEAR}`);
  if (options.scope !== undefined && options.scope !== 'village' && options.scope !== 'township') {
    throw new DemoOptionsError(`scope must be village or township, got ${String(options.scope)}`);
  }
}

/** A whole fictional county, deterministic in its options. Pure: no clock, no I/O. */
export function generateDemoData(options: DemoOptions): DemoDataset {
  validateDemoOptions(options);
  const { seed, years } = options;
  const lastYear = options.lastYear ?? DEFAULT_LAST_YEAR;
  const firstYear = lastYear - years + 1;
  const dataAsOf = dataAsOfFor(lastYear);

  const { county, villages } = buildPlaces(SeededRandom.forPart(seed, 'places'), options.townships ?? DEFAULT_TOWNSHIPS);
  const station = villages[0] as DemoVillage;
  const households = buildHouseholds(seed, options.households, villages, { firstYear, lastYear });
  const source: DisbursementSource = { seed, dataAsOf, villages, households };

  const drafts = draftProgramYears(seed, firstYear, lastYear, dataAsOf);
  const tally = tallyProgramYears(drafts, source);
  const programYears = drafts.map((draft, i) => withBudget(draft, tally.dueFen[i] ?? 0, SeededRandom.forPart(seed, 'budget', i)));
  const projects = buildProjects(seed, villages, firstYear, lastYear, dataAsOf);

  return {
    seed,
    firstYear,
    lastYear,
    dataAsOf,
    station: { townshipCode: station.townshipCode, villageCode: options.scope === 'township' ? null : station.code },
    county,
    villages,
    households,
    programs: programYears.map((p) => p.program),
    programYears,
    projects,
    notices: buildNotices({ seed, firstYear, lastYear, dataAsOf, villages, programYears, projects }),
    serviceItems: buildServiceCatalog(),
    holidays: buildHolidays(firstYear, lastYear),
    disbursementCount: tally.rows.reduce((sum, n) => sum + n, 0),
    disbursements: () => disbursementLines(programYears, source),
  };
}

export type { DemoHousehold, DemoVillage, DisbursementLine, ProgramYear };
export { FAILURE_REASONS, FAILURE_RATE } from './disbursements';
export { DemoOptionsError } from './optionsError';
