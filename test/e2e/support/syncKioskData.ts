import type { Page } from 'playwright-core';
import { z } from 'zod';

/**
 * What the kiosk holds in its IndexedDB, read from inside the page with the raw IndexedDB API (the
 * app's Dexie instance is not reachable from a test), so a test sees exactly what is on disk.
 * The database is never created here: reading before the app opened it answers null.
 */
const KIOSK_DB = 'village-kiosk';

export const pullStateSchema = z.object({
  cursor: z.string(),
  epoch: z.number().nullable(),
  rowsApplied: z.number(),
  snapshotTotal: z.number().nullable(),
  complete: z.boolean(),
});
export type StoredPullState = z.infer<typeof pullStateSchema>;

/** Runs in the page: every record of the named stores (or only their counts), from one read transaction. */
function readStores({ name, stores, countOnly }: { name: string; stores: string[]; countOnly: string[] }): Promise<string> {
  // One JSON string crosses the DevTools protocol far faster than tens of thousands of objects.
  return (async () => {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === name)) return null;
    return new Promise<Record<string, unknown> | null>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onupgradeneeded = () => request.transaction?.abort();
      request.onerror = () => reject(new Error(String(request.error)));
      request.onsuccess = () => {
        const db = request.result;
        // The app may upgrade its schema: never stand in its way.
        db.onversionchange = () => db.close();
        const wanted = [...stores, ...countOnly].filter((s) => db.objectStoreNames.contains(s));
        if (wanted.length === 0) {
          db.close();
          resolve(null);
          return;
        }
        const tx = db.transaction(wanted, 'readonly');
        const out: Record<string, unknown> = {};
        for (const store of wanted) {
          const read = countOnly.includes(store) ? tx.objectStore(store).count() : tx.objectStore(store).getAll();
          read.onsuccess = () => {
            out[store] = read.result;
          };
        }
        tx.oncomplete = () => {
          db.close();
          resolve(out);
        };
        tx.onerror = () => {
          db.close();
          reject(new Error(String(tx.error)));
        };
      };
    });
  })().then((result) => JSON.stringify(result));
}

async function read(page: Page, stores: string[], countOnly: string[] = []): Promise<Record<string, unknown> | null> {
  const json = await page.evaluate(readStores, { name: KIOSK_DB, stores, countOnly });
  return z.record(z.string(), z.unknown()).nullable().parse(JSON.parse(json));
}

const metaRowsSchema = z.array(z.object({ key: z.string(), value: z.unknown() }));

/** The pull cursor record (meta 'pull'), or null before the first page landed. */
export async function readStoredPullState(page: Page): Promise<StoredPullState | null> {
  const data = await read(page, ['meta']);
  const pull = metaRowsSchema.parse(data?.meta ?? []).find((m) => m.key === 'pull');
  return pull ? pullStateSchema.parse(pull.value) : null;
}

export type Row = Record<string, unknown>;

export interface KioskSnapshot {
  meta: Map<string, unknown>;
  programs: Row[];
  disbursements: Row[];
  programSummaries: Row[];
  households: number;
  projects: Row[];
  notices: Row[];
  serviceItems: Row[];
  holidays: Row[];
  feedback: Row[];
  auditLog: Row[];
  outbox: Row[];
  settings: Map<string, unknown>;
}

const rowsSchema = z.array(z.record(z.string(), z.unknown()));

/** Everything the exactness checks compare, from one read transaction. */
export async function readKioskSnapshot(page: Page): Promise<KioskSnapshot> {
  const tables = ['meta', 'programs', 'disbursements', 'programSummaries', 'projects', 'notices', 'serviceItems', 'holidays', 'feedback', 'auditLog', 'outbox', 'settings'];
  const data = await read(page, tables, ['households']);
  if (!data) throw new Error('the kiosk has no database yet');
  const rows = (store: string): Row[] => rowsSchema.parse(data[store] ?? []);
  return {
    meta: new Map(metaRowsSchema.parse(data.meta ?? []).map((m) => [m.key, m.value])),
    programs: rows('programs'),
    disbursements: rows('disbursements'),
    programSummaries: rows('programSummaries'),
    households: z.number().parse(data.households ?? 0),
    projects: rows('projects'),
    notices: rows('notices'),
    serviceItems: rows('serviceItems'),
    holidays: rows('holidays'),
    feedback: rows('feedback'),
    auditLog: rows('auditLog'),
    outbox: rows('outbox'),
    settings: new Map(metaRowsSchema.parse(data.settings ?? []).map((m) => [m.key, m.value])),
  };
}

/** The outbox alone: cheap enough to poll while the kiosk syncs. */
export async function readOutboxStates(page: Page): Promise<string[]> {
  const data = await read(page, ['outbox']);
  return rowsSchema.parse(data?.outbox ?? []).map((e) => String(e.state));
}
