import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DatabaseHandle } from '../db/connection';
import { loadDemoSet, publishDemoSet } from '../services/importDemo';

/**
 * `import-demo DIR`: the whole set is validated before the database is even opened, so a bad
 * set leaves no trace (not even a new, empty SQLite file).
 */
export async function importDemoCommand(dir: string, openDb: () => Promise<DatabaseHandle>, out: (line: string) => void): Promise<void> {
  const started = performance.now();
  const set = await loadDemoSet(resolve(dir));
  out(`checked ${set.county.name}: ${set.county.villages.length} villages, ${set.disbursementRows} disbursement rows`);
  const handle = await openDb();
  try {
    const summary = await publishDemoSet(handle.db, set);
    out(`villages added: ${summary.villagesAdded}`);
    for (const [stream, rows] of Object.entries(summary.published)) out(`published ${stream}: ${rows}`);
    out(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await handle.close();
  }
}
