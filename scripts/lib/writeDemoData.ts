import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvLine } from '../../shared/csv';
import { DEMO_FILES, DEMO_FORMAT_VERSION, demoManifestSchema, type DemoManifest } from '../../shared/demo/manifest';
import { PUBLIC_NOTICE_COLUMNS, toPublicNoticeFields } from '../../shared/demo/publicNoticeCsv';
import { generateDemoData, type DemoDataset, type DemoOptions } from '../../shared/demo/generator/index';
import { DEMO_AGENTS, DEMO_AGENTS_FILE, demoAgentsSchema } from '../../shared/agents/demoAgents';

export interface WriteDemoDataOptions extends DemoOptions {
  outDir: string;
  /** Called with the number of disbursement rows written so far, every PROGRESS_EVERY rows and at the end. */
  onProgress?: (rows: number) => void;
}

export const PROGRESS_EVERY = 50_000;
/** Rows are joined into chunks of about this many characters before they reach the file stream. */
const CHUNK_CHARS = 256 * 1024;
const BOM = '\uFEFF';

function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The public-notice CSV as chunks of text: BOM and header first, then rows in the generator's order.
 * Pulled by the file stream, so nothing runs ahead of the disk (bounded memory at any size).
 */
function* csvChunks(data: DemoDataset, onRow: (rows: number) => void): Generator<string> {
  let chunk = BOM + csvLine(PUBLIC_NOTICE_COLUMNS);
  let serial = 0;
  for (const line of data.disbursements()) {
    serial++;
    chunk += csvLine(toPublicNoticeFields({ serial, ...line }));
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
    onRow(serial);
  }
  yield chunk;
}

async function writeCsv(path: string, data: DemoDataset, onProgress: ((rows: number) => void) | undefined): Promise<number> {
  let rows = 0;
  const onRow = (n: number): void => {
    rows = n;
    if (onProgress && n % PROGRESS_EVERY === 0) onProgress(n);
  };
  await pipeline(Readable.from(csvChunks(data, onRow), { objectMode: false }), createWriteStream(path, { encoding: 'utf8' }));
  onProgress?.(rows);
  return rows;
}

/**
 * Writes a deterministic demo county as the county server publishes it: JSON files, the
 * disbursement CSV (UTF-8 with BOM, CRLF, public-notice columns) and the manifest last, so a
 * folder whose writing was interrupted has no manifest and is never taken for a complete set.
 */
export async function writeDemoData(options: WriteDemoDataOptions): Promise<DemoManifest> {
  const { outDir, onProgress, ...demoOptions } = options;
  const data = generateDemoData(demoOptions);
  await mkdir(outDir, { recursive: true });
  // An older manifest would vouch for files about to be replaced.
  await rm(join(outDir, DEMO_FILES.manifest), { force: true });

  await writeFile(join(outDir, DEMO_FILES.county), prettyJson(data.county), 'utf8');
  await writeFile(join(outDir, DEMO_FILES.programs), prettyJson(data.programs), 'utf8');
  await writeFile(join(outDir, DEMO_FILES.projects), prettyJson(data.projects), 'utf8');
  await writeFile(join(outDir, DEMO_FILES.notices), prettyJson(data.notices), 'utf8');
  await writeFile(join(outDir, DEMO_FILES.serviceItems), prettyJson(data.serviceItems), 'utf8');
  await writeFile(join(outDir, DEMO_FILES.holidays), prettyJson(data.holidays), 'utf8');
  // Demo only: the kiosk seeds these agents (PINs hashed) so the preview can log in. Production
  // data from the county never contains this file.
  await writeFile(join(outDir, DEMO_AGENTS_FILE), prettyJson(demoAgentsSchema.parse(DEMO_AGENTS)), 'utf8');
  const rows = await writeCsv(join(outDir, DEMO_FILES.disbursements), data, onProgress);
  if (rows !== data.disbursementCount) throw new Error(`wrote ${rows} disbursement rows, expected ${data.disbursementCount}`);

  const manifest = demoManifestSchema.parse({
    format: DEMO_FORMAT_VERSION,
    seed: data.seed,
    households: data.households.length,
    years: data.lastYear - data.firstYear + 1,
    firstYear: data.firstYear,
    lastYear: data.lastYear,
    dataAsOf: data.dataAsOf,
    station: data.station,
    counts: {
      disbursements: rows,
      programs: data.programs.length,
      projects: data.projects.length,
      notices: data.notices.length,
      serviceItems: data.serviceItems.length,
      holidays: data.holidays.length,
    },
  } satisfies DemoManifest);
  const manifestPath = join(outDir, DEMO_FILES.manifest);
  await writeFile(`${manifestPath}.tmp`, prettyJson(manifest), 'utf8');
  await rename(`${manifestPath}.tmp`, manifestPath);
  return manifest;
}
