import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../../shared/sync/protocol';
import { PUBLICATION_KEY } from '../../../shared/sync/pullStreams';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import { enqueueOutbox } from '../../../renderer/src/db/repositories/outbox';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { createSyncEngine, type SyncEngine } from '../../../renderer/src/sync/engine/syncEngine';
import type { SyncStatus } from '../../../renderer/src/sync/engine/syncStatus';
import { createSyncClient } from '../../../renderer/src/sync/syncClient';
import { publishChanges } from '../../../server/src/repositories/changes';
import { addVillage } from '../../../server/src/repositories/villages';
import { startServer, type RunningServer } from '../../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../../server/test/pg';
import { enrollKiosk } from '../../../server/test/pushFixtures';
import { county, programs, TOWNSHIP_A, VILLAGE_A1 } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';

/**
 * The engine with its real steps (pushPending, runPull) and the real client against the county
 * server over HTTP (SQLite): what the agent's status panel says is what happened.
 */
const NOW = new Date(2026, 10, 27, 10, 0, 0);

let database: TestDatabase;
let server: RunningServer;
let kiosk: KioskDatabase;
let enrolled: EnrollResponse;
let engine: SyncEngine | null = null;
let statuses: SyncStatus[] = [];

beforeEach(async () => {
  database = await createTestDatabase('sqlite');
  server = await startServer(database);
  await addVillage(server.handle.db, { code: VILLAGE_A1, name: '甲村', townshipCode: TOWNSHIP_A, groups: 9 });
  enrolled = await enrollKiosk(server, VILLAGE_A1);
  kiosk = freshDb();
  await kiosk.meta.bulkPut([{ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 } }, { key: 'county', value: county }]);
  await kiosk.settings.put({ key: 'deviceId', value: enrolled.deviceId });
  statuses = [];
});

afterEach(async () => {
  engine?.stop();
  engine = null;
  kiosk.close();
  await server.close();
  await database.drop();
});

function startEngine(baseUrl = server.baseUrl): SyncEngine {
  engine = createSyncEngine({
    db: kiosk,
    client: createSyncClient({ baseUrl, token: enrolled.token, timeoutMs: 5_000 }),
    deviceId: enrolled.deviceId,
    enrolledEpoch: enrolled.epoch,
    villageCode: VILLAGE_A1,
    onStatus: (s) => statuses.push(s),
  });
  return engine;
}

async function fileTicket(text: string): Promise<void> {
  const ticket = await createFeedback(kiosk, { subject: { kind: 'general' }, category: 'suggestion', text, callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
  if (!ticket.ok) throw new Error('ticket not created');
}

describe('the sync engine against the county server', () => {
  it('sends the village records, receives the county data, and reports refusals and counts', async () => {
    await fileTicket('希望延长开放时间');
    // An entry the county can never accept: acknowledged as rejected, kept and counted for the agent.
    await kiosk.transaction('rw', [kiosk.outbox, kiosk.counters], () => enqueueOutbox(kiosk, 'caseEvent', 'not-a-uuid', { nonsense: true }));
    await publishChanges(server.handle.db, [
      { villageCode: null, stream: 'publication', op: 'put', key: PUBLICATION_KEY, value: { dataAsOf: '2026-11-20' } },
      ...programs.map((p) => ({ villageCode: null, stream: 'program' as const, op: 'put' as const, key: p.id, value: p })),
    ]);

    await startEngine().syncNow();

    const status = engine?.status();
    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 1, lastError: null, lastErrorCode: null, progress: null });
    expect(status?.lastSuccessAt).not.toBeNull();
    expect(await getMeta(kiosk, 'dataAsOf')).toBe('2026-11-20');
    expect(await kiosk.programs.count()).toBe(programs.length);
    const stored = await server.handle.db.selectFrom('feedback').select('id').execute();
    expect(stored).toHaveLength(1);
    expect(statuses.some((s) => s.state === 'syncing')).toBe(true);
  });

  it('a revoked device stops with "unauthorized" and keeps its records queued', async () => {
    await startEngine().syncNow();
    expect(engine?.status().state).toBe('idle');
    await server.handle.db.updateTable('devices').set({ revoked_at: NOW.toISOString() }).where('id', '=', enrolled.deviceId).execute();
    await fileTicket('路灯坏了');

    await engine?.runOnce();
    expect(engine?.status()).toMatchObject({ state: 'unauthorized', lastErrorCode: 'unauthorized', pending: 2, nextAttemptAt: null });
  });

  it('an unreachable county is "offline" with a next attempt scheduled', async () => {
    await fileTicket('网络测试');
    // Nothing listens on port 9 (discard) on the test machine: the connection is refused at once.
    await startEngine('http://127.0.0.1:9').syncNow();
    const status = engine?.status();
    expect(status).toMatchObject({ state: 'offline', lastErrorCode: 'network', pending: 2 });
    expect(status?.nextAttemptAt).not.toBeNull();
  });
});
