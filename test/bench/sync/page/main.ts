/**
 * The first-sync bench page: the Node runner calls these one at a time (page.evaluate), each
 * into a fresh IndexedDB database that is deleted afterwards, so the three runs meet the same disk.
 */
import { runOurs } from './oursPhase';
import { runPouch } from './pouchPhase';
import { runRaw } from './rawPhase';

const phases = { ours: runOurs, pouch: runPouch, raw: runRaw };
export type SyncBenchPhases = typeof phases;

(window as unknown as { syncBench: SyncBenchPhases }).syncBench = phases;
document.getElementById('out')!.textContent = 'loaded';
