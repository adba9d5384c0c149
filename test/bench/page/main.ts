/**
 * Runs in Chromium against the kiosk's own IndexedDB (same origin as the app, which imported the data):
 * times each kind of household lookup through the same query functions the screens call.
 */
import { KioskDatabase } from '../../../renderer/src/db/schema';
import {
  findHouseholdsByFullId,
  findHouseholdsByIdLast4,
  findHouseholdsByInitials,
  findHouseholdsByNumber,
  getHouseholdStatement,
} from '../../../renderer/src/db/queries/households';
import { percentiles, type LatencySummary } from '../percentiles';

const SAMPLES_PER_KIND = Number(new URLSearchParams(location.search).get('samples') ?? '300');

interface BenchWindow extends Window {
  benchResult?: { ok: true; households: number; disbursements: number; kinds: Record<string, LatencySummary>; sampleHouseholdNumbers: string[] } | { ok: false; error: string };
}

/** Deterministic sample of household keys (xorshift), so runs compare. */
function sample<T>(items: readonly T[], count: number): T[] {
  let state = 0x9e3779b9;
  const out: T[] = [];
  for (let i = 0; i < count && items.length > 0; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.push(items[(state >>> 0) % items.length] as T);
  }
  return out;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const db = new KioskDatabase();
  await db.open();
  const [households, disbursements] = await Promise.all([db.households.count(), db.disbursements.count()]);
  const picked = await db.households.bulkGet(sample(await db.households.toCollection().primaryKeys(), SAMPLES_PER_KIND));
  const targets = picked.filter((h): h is NonNullable<typeof h> => h !== undefined);
  const kinds: Record<string, (h: (typeof targets)[number]) => Promise<unknown>> = {
    nameInitials: (h) => findHouseholdsByInitials(db, h.initials),
    householdNumber: (h) => findHouseholdsByNumber(db, h.householdNo),
    idLast4: (h) => findHouseholdsByIdLast4(db, h.idLast4),
    // A reader types the full number; the kiosk only stores the masked form, so any middle digits match.
    idCard: (h) => findHouseholdsByFullId(db, `${h.idMasked.slice(0, 6)}19800101${h.idMasked.slice(-4)}`),
    statement: (h) => getHouseholdStatement(db, h.key),
  };
  const result: Record<string, LatencySummary> = {};
  for (const [kind, run] of Object.entries(kinds)) {
    for (const h of targets.slice(0, 10)) await run(h); // warm-up
    const timings: number[] = [];
    for (const h of targets) timings.push(await time(() => run(h)));
    result[kind] = percentiles(timings);
  }
  const sampleHouseholdNumbers = targets.slice(0, 60).map((h) => h.householdNo);
  (window as BenchWindow).benchResult = { ok: true, households, disbursements, kinds: result, sampleHouseholdNumbers };
  document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
}

main().catch((error: unknown) => {
  (window as BenchWindow).benchResult = { ok: false, error: error instanceof Error ? error.message : String(error) };
});
