import { KioskDatabase } from '../../../../renderer/src/db/schema';
import { findHouseholdsByNumber } from '../../../../renderer/src/db/queries/households';
import type { StartPull, WorkerReport } from './messages';

export interface OursConfig {
  countyUrl: string;
  token: string;
  villageCode: string;
  limit: number;
}

export interface OursResult {
  ms: number;
  pages: number;
  pulledRows: number;
  /** Of ms, the worker's time inside pull(): the request, the county, the transfer and parsing the answer. */
  pullWaitMs: number;
  disbursementsStored: number;
  householdsStored: number;
  /** From the start until a lookup of a household that landed in the first pages answers, in the page's thread. */
  firstUsableMs: number | null;
  /** Years of that household's rows stored at that moment: only the newest when the county sends it first. */
  firstUsableYears: number[];
}

const DB_NAME = 'bench-sync-kiosk';

/**
 * Starts the pull worker and, in this (UI) thread, tries a household lookup as each page lands,
 * the way a resident would the moment the kiosk has anything to show.
 */
export async function runOurs(config: OursConfig): Promise<OursResult> {
  await KioskDatabase.delete(DB_NAME);
  const worker = new Worker(new URL('./pullWorker.ts', import.meta.url), { type: 'module' });
  const began = performance.now();
  let ui: KioskDatabase | null = null;
  let firstUsableMs: number | null = null;
  let firstUsableYears: number[] = [];
  let probing = false;
  let lastLog = 0;

  const probe = async (): Promise<void> => {
    ui ??= new KioskDatabase(DB_NAME);
    const household = await ui.households.limit(1).first();
    if (household === undefined) return;
    const found = await findHouseholdsByNumber(ui, household.householdNo);
    if (found.length === 0 || firstUsableMs !== null) return;
    firstUsableMs = performance.now() - began;
    const rows = await ui.disbursements.where('householdKey').equals(household.key).toArray();
    firstUsableYears = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  };

  try {
    const done = await new Promise<Extract<WorkerReport, { type: 'done' }>>((resolve, reject) => {
      worker.onerror = (event) => reject(new Error(`pull worker failed: ${event.message}`));
      worker.onmessage = (event: MessageEvent<WorkerReport>) => {
        const report = event.data;
        if (report.type === 'error') reject(new Error(report.message));
        else if (report.type === 'done') resolve(report);
        else {
          if (report.ms - lastLog > 10_000) {
            lastLog = report.ms;
            console.log(`ours: ${report.rows} rows in ${Math.round(report.ms / 1000)} s, ${report.remaining ?? '?'} to go`);
          }
          if (firstUsableMs === null && !probing) {
            probing = true;
            probe().catch((error: unknown) => console.log(`lookup probe failed: ${String(error)}`)).finally(() => (probing = false));
          }
        }
      };
      const start: StartPull = { type: 'start', dbName: DB_NAME, ...config };
      worker.postMessage(start);
    });
    ui ??= new KioskDatabase(DB_NAME);
    if (firstUsableMs === null) await probe();
    const [disbursementsStored, householdsStored] = await Promise.all([ui.disbursements.count(), ui.households.count()]);
    return { ms: done.ms, pages: done.pages, pulledRows: done.rows, pullWaitMs: done.waitMs, disbursementsStored, householdsStored, firstUsableMs, firstUsableYears };
  } finally {
    worker.terminate();
    ui?.close();
    await KioskDatabase.delete(DB_NAME);
  }
}
