import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FUND_PROGRAM_ID_PATTERN } from '../../../shared/dashboard/funds';
import { FundFileError } from '../../../shared/funds/fileError';
import { formatFenGrouped } from '../../../shared/money';
import type { DatabaseHandle } from '../db/connection';
import { UnknownFundProgramError } from '../services/fundImport/fundContextLoader';
import { publishFundFile, FundPublishError, type FundFilePublication } from '../services/fundImport/publishFundFile';
import { checkFundFile, isPublishable, type FundFileCheck } from '../services/fundImport/validateFundFile';
import { UsageError } from './usage';

/** The list was not imported (unreadable, bad rows, or it changed while publishing); exit status 1. */
export class FundImportRefusedError extends Error {
  override name = 'FundImportRefusedError';
}

export interface ImportFundsOptions {
  file: string;
  dryRun: boolean;
  programId: string | undefined;
  json: boolean;
}

function printSummary(check: FundFileCheck, out: (line: string) => void): void {
  const c = check.counts;
  out(`format: ${check.format}${check.encoding === null ? '' : ` (${check.encoding})`}; title rows skipped: ${c.skippedTitleRows}; total rows skipped: ${c.skippedTotalRows}`);
  out(`rows: ${c.rows}, good: ${c.goodRows}, bad: ${c.badRowCount} (duplicates: ${c.duplicates})`);
  for (const p of c.byProgram) out(`program ${p.programId} ${p.programName} (${p.year}): ${p.rows} rows, due ${formatFenGrouped(p.dueFen)} 元, paid ${formatFenGrouped(p.paidFen)} 元`);
  for (const v of c.byVillage) out(`village ${v.villageCode} ${v.villageName}: ${v.rows} rows, paid ${formatFenGrouped(v.paidFen)} 元`);
  for (const b of c.badRows) out(`bad row, line ${b.line}: ${b.reason}`);
  if (c.badRowCount > c.badRows.length) out(`… and ${c.badRowCount - c.badRows.length} more bad rows`);
}

/**
 * `import-funds FILE [--dry-run] [--program ID] [--json]`: checks the whole list, prints the
 * summary, and publishes it only when every row is good (one transaction; see publishFundFile).
 * --dry-run never writes; a bad row means exit status 1 and nothing changed.
 */
export async function importFundsCommand(options: ImportFundsOptions, openDb: () => Promise<DatabaseHandle>, out: (line: string) => void): Promise<void> {
  if (options.programId !== undefined && !FUND_PROGRAM_ID_PATTERN.test(options.programId)) throw new UsageError(`--program must be like GDLB-2024, got ${options.programId}`);
  const started = performance.now();
  const file = resolve(options.file);
  const handle = await openDb();
  try {
    // A real import is a single pass inside the publishing transaction (which also lists every
    // bad row and then rolls back); a dry run is the same check outside any transaction.
    let check: FundFileCheck;
    let publication: FundFilePublication | null = null;
    try {
      if (options.dryRun) check = await checkFundFile(handle.db, file, options.programId);
      else {
        publication = await publishFundFile(handle.db, file, options.programId, new Date());
        check = publication.check;
      }
    } catch (error) {
      if (error instanceof FundPublishError && error.check !== null) check = error.check;
      else if (error instanceof FundFileError || error instanceof UnknownFundProgramError || error instanceof FundPublishError) {
        throw new FundImportRefusedError(`${options.file}: ${error.message}`);
      } else throw error;
    }
    const publishable = isPublishable(check.counts);
    const seconds = (performance.now() - started) / 1000;
    const written = publication === null ? null : { published: publication.published, removed: publication.removed, dataAsOf: publication.dataAsOf, publishedAt: publication.publishedAt };
    if (options.json) out(JSON.stringify({ file: options.file, format: check.format, encoding: check.encoding, ...check.counts, dryRun: options.dryRun, publication: written, seconds }));
    else {
      printSummary(check, out);
      if (written !== null) out(`published ${written.published} rows, removed ${written.removed}; data as of ${written.dataAsOf}`);
      else if (options.dryRun && publishable) out('dry run: nothing was written');
      out(`done in ${seconds.toFixed(1)} s`);
    }
    if (!publishable) {
      throw new FundImportRefusedError(check.counts.goodRows === 0 && check.counts.badRowCount === 0 ? `${options.file}: no disbursement rows; nothing was imported` : `${options.file}: ${check.counts.badRowCount} bad rows; nothing was imported`);
    }
  } finally {
    await handle.close();
  }
}
