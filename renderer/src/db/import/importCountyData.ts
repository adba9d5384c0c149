import type { KioskScope } from '../../../../shared/demo/manifest';
import type { KioskDatabase } from '../schema';
import type { ImportProgress, ImportResult } from './importResult';
import type { CountyDataSource } from './source';
import { validateCountyData } from './validateCountyData';
import { writeCountyData } from './writeCountyData';

export interface ImportOptions {
  /** What the kiosk keeps; defaults to the manifest's station. */
  scope?: KioskScope;
  onProgress?: (p: ImportProgress) => void;
  /** Rows between progress reports (default 5,000). */
  progressEveryRows?: number;
  /** Rows per write transaction (tuning and tests). */
  chunkRows?: number;
}

/**
 * Loads a county's published file set into the kiosk database. Everything is checked first
 * (nothing changes when any file is bad); then the county-owned tables are replaced.
 * Rejects with an ImportError naming the file, line and reason.
 */
export async function importCountyData(db: KioskDatabase, source: CountyDataSource, options: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const { scope, ...tuning } = options;
  const data = await validateCountyData(source, scope, tuning);
  const written = await writeCountyData(db, source, data, { label: source.label ?? 'county data', ...tuning });
  return {
    scope: data.scope,
    dataAsOf: data.manifest.dataAsOf,
    fileRows: data.csvRows,
    disbursements: written.disbursements,
    households: written.households,
    programs: data.programs.length,
    projects: written.projects,
    notices: written.notices,
    serviceItems: data.serviceItems.length,
    holidays: data.holidays.length,
    writeMs: written.writeMs,
    totalMs: performance.now() - started,
  };
}
