import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { KioskDatabase } from '../../../renderer/src/db/schema';
import type { OutboxEntry } from '../../../renderer/src/db/villageRecords';
import { pushPending } from '../../../renderer/src/sync/pushOutbox';
import { createSyncClient, type SyncClient } from '../../../renderer/src/sync/syncClient';
import { openDatabase } from '../../../server/src/db/connection';
import { sqliteBenchDatabase } from './benchDatabase';
import { caseEventEntries } from './caseEvents';
import { startCountyChild } from './countyChild';
import { addDemoVillages, countRows } from './countyVillages';
import { enrollDevice } from './enroll';

export interface PushBenchResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  requests: number;
  /** Of `seconds`, the time spent waiting on the county's answers; the rest is the kiosk's own outbox work. */
  roundTripSeconds: number;
  rejected: number;
  countyRows: number;
}

/**
 * One kiosk's outbox (the kiosk's Dexie schema in fake-indexeddb) pushed through the kiosk's own
 * pushPending and HTTP client to a county server in another process, until every entry is acknowledged.
 */
export async function runPushBench(events: number, log: (line: string) => void): Promise<PushBenchResult> {
  const database = sqliteBenchDatabase();
  const county = await startCountyChild(database.target);
  const handle = openDatabase(database.target);
  const kiosk = new KioskDatabase('bench-push', { indexedDB: new IDBFactory(), IDBKeyRange });
  try {
    const [village] = await addDemoVillages(handle.db, 1);
    if (village === undefined) throw new Error('the demo county has no village');
    const enrolled = await enrollDevice(handle.db, county.url, village.code, 'push-bench');
    const outbox: OutboxEntry[] = caseEventEntries(enrolled.deviceId, village.code, events).map((e) => ({ ...e, state: 'pending', rejection: null }));
    await kiosk.outbox.bulkAdd(outbox);
    log(`pushing ${events} case events from one kiosk…`);

    const http = createSyncClient({ baseUrl: county.url, token: enrolled.token });
    let roundTripMs = 0;
    const client: SyncClient = {
      pull: (since, limit) => http.pull(since, limit),
      push: async (request) => {
        const sent = performance.now();
        try {
          return await http.push(request);
        } finally {
          roundTripMs += performance.now() - sent;
        }
      },
    };
    const identity = { deviceId: enrolled.deviceId, epoch: enrolled.epoch };
    const began = performance.now();
    let requests = 0;
    let rejected = 0;
    for (;;) {
      const run = await pushPending(kiosk, client, identity);
      requests += run.batches;
      rejected += run.rejected;
      if (run.remaining === 0 || run.batches === 0) break;
    }
    const seconds = (performance.now() - began) / 1000;
    const countyRows = await countRows(handle.db, 'case_events');
    return { events, seconds, eventsPerSecond: events / seconds, requests, roundTripSeconds: roundTripMs / 1000, rejected, countyRows };
  } finally {
    kiosk.close();
    await handle.close();
    await county.close();
    await database.drop();
  }
}
