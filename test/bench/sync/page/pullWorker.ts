/**
 * The kiosk's first sync as it runs in production: the real pull code (runPull → applyPullPage) in a
 * Web Worker, writing the kiosk's own Dexie schema through the real HTTP client.
 */
import { KioskDatabase } from '../../../../renderer/src/db/schema';
import { runPull } from '../../../../renderer/src/sync/pull';
import { createSyncClient, type SyncClient } from '../../../../renderer/src/sync/syncClient';
import type { StartPull, WorkerReport } from './messages';

interface WorkerScope {
  onmessage: ((event: MessageEvent<StartPull>) => void) | null;
  postMessage(message: WorkerReport): void;
}
const scope = self as unknown as WorkerScope;

async function pull(start: StartPull): Promise<void> {
  const db = new KioskDatabase(start.dbName);
  await db.open();
  const http = createSyncClient({ baseUrl: start.countyUrl, token: start.token });
  // Time waiting on pull() (request, county, transfer, JSON and schema parse) against the rest (applying pages).
  let waitMs = 0;
  const client: SyncClient = {
    push: (request) => http.push(request),
    pull: async (since, limit) => {
      const asked = performance.now();
      try {
        return await http.pull(since, limit);
      } finally {
        waitMs += performance.now() - asked;
      }
    },
  };
  const began = performance.now();
  let pages = 0;
  let rows = 0;
  for (;;) {
    const result = await runPull(db, client, {
      limit: start.limit,
      villageCode: start.villageCode,
      onProgress: (p) => scope.postMessage({ type: 'progress', rows: rows + p.rows, remaining: p.remaining, ms: performance.now() - began }),
    });
    pages += result.pages;
    rows += result.rows;
    if (result.done) break;
  }
  const ms = performance.now() - began;
  db.close();
  scope.postMessage({ type: 'done', pages, rows, ms, waitMs });
}

scope.onmessage = (event) => {
  pull(event.data).catch((error: unknown) => scope.postMessage({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
};
