import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { DemoManifest } from '../../../shared/demo/manifest';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import { createCase } from '../../../renderer/src/db/repositories/cases';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { readPullState, runPull } from '../../../renderer/src/sync/pull';
import { pushPending } from '../../../renderer/src/sync/pushOutbox';
import { createSyncClient, type SyncClient } from '../../../renderer/src/sync/syncClient';
import { answerFeedback } from '../../../server/src/services/feedbackAnswers';
import { recordCountyTransition } from '../../../server/src/services/countyCaseEvents';
import { importDemo } from '../../../server/src/services/importDemo';
import { startServer, type RunningServer } from '../../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../../server/test/pg';
import { enrollKiosk } from '../../../server/test/pushFixtures';
import { createNodeFileSource } from '../db/support/nodeFileSource';
import { freshDb } from '../db/support/testDb';
import { withoutRankCounter } from './pullFixtures';

/**
 * The kiosk's real pull against the real county server over HTTP (SQLite): after a first sync the
 * kiosk holds exactly what a folder import of the same demo set gives its station, and the
 * county's own writes on the village's cases and tickets reach the kiosk.
 */
const AGENT: AgentPublic = { id: '01900000-0000-7000-8000-0000000000aa', name: '王秀英', role: 'agent', active: true, createdAt: '2026-01-01T00:00:00+08:00' };
const NOW = new Date(2026, 10, 27, 10, 0, 0);

let dir: string;
let manifest: DemoManifest;
let village: string;
let database: TestDatabase;
let server: RunningServer;
const opened: KioskDatabase[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiosk-pull-'));
  manifest = await writeDemoData({ households: 60, years: 2, seed: 23, townships: 1, outDir: dir });
  if (manifest.station.villageCode === null) throw new Error('the demo station should be a village');
  village = manifest.station.villageCode;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(async () => {
  database = await createTestDatabase('sqlite');
  server = await startServer(database);
  await importDemo(server.handle.db, dir);
});
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  await server.close();
  await database.drop();
});

function kiosk(): KioskDatabase {
  const db = freshDb();
  opened.push(db);
  return db;
}

async function countyData(db: KioskDatabase) {
  return {
    programs: await db.programs.toArray(),
    disbursements: await db.disbursements.toArray(),
    households: await db.households.toArray(),
    summaries: (await db.programSummaries.toArray()).map(withoutRankCounter),
    projects: await db.projects.toArray(),
    notices: await db.notices.toArray(),
    serviceItems: await db.serviceItems.toArray(),
    holidays: await db.holidays.toArray(),
    dataAsOf: await getMeta(db, 'dataAsOf'),
    county: await getMeta(db, 'county'),
    scope: await getMeta(db, 'scope'),
  };
}

async function enrolledClient(): Promise<{ client: SyncClient; deviceId: string; epoch: number }> {
  const enrolled = await enrollKiosk(server, village);
  return { client: createSyncClient({ baseUrl: server.baseUrl, token: enrolled.token }), deviceId: enrolled.deviceId, epoch: enrolled.epoch };
}

describe('pull from the county server', () => {
  it("a paged first sync gives the kiosk what the folder import gives the station", async () => {
    const imported = kiosk();
    await importCountyData(imported, createNodeFileSource(dir));
    const pulled = kiosk();
    const { client } = await enrolledClient();
    const result = await runPull(pulled, client, { limit: 97, villageCode: village });
    expect(result.done).toBe(true);
    expect(result.pages).toBeGreaterThan(3);

    const expected = await countyData(imported);
    expect(expected.disbursements.length).toBeGreaterThan(100);
    expect(await countyData(pulled)).toEqual(expected);
    expect(await readPullState(pulled)).toMatchObject({ complete: true, rowsApplied: result.rows, snapshotTotal: result.rows });

    // Nothing new at the county: the next run asks once and changes nothing.
    const again = await runPull(pulled, client, { limit: 97 });
    expect(again).toMatchObject({ pages: 1, rows: 0, done: true });
    expect(await countyData(pulled)).toEqual(expected);
  });

  it("the county's transition of a case and answer to a ticket reach the kiosk, and are not pushed back", async () => {
    const db = kiosk();
    const { client, deviceId, epoch } = await enrolledClient();
    await runPull(db, client, { villageCode: village });
    await db.settings.put({ key: 'deviceId', value: deviceId });
    const item = (await db.serviceItems.toArray())[0];
    if (!item) throw new Error('no catalog pulled');
    const created = await createCase(db, {
      itemCode: item.code,
      applicant: { name: '张桂兰', idNumber: completeIdNumber('34122219550505041'), phone: '13912345678', group: 1 },
      materials: item.materials.map((m) => ({ name: m.name, copies: m.copies, original: m.original, received: true })),
      note: '',
    }, AGENT, { now: NOW });
    if (!created.ok) throw new Error(`case not created: ${JSON.stringify(created.errors)}`);
    const ticket = await createFeedback(db, { subject: { kind: 'general' }, category: 'suggestion', text: '希望延长开放时间', callbackPhone: '' }, { now: NOW, today: '2026-11-27' });
    if (!ticket.ok) throw new Error('ticket not filed');
    expect((await pushPending(db, client, { deviceId, epoch })).rejected).toBe(0);
    const outboxAfterPush = await db.outbox.toArray();

    await recordCountyTransition(server.handle.db, { receiptNo: created.record.receiptNo, to: 'accepted', reason: '', by: '县人社局张科长' });
    await answerFeedback(server.handle.db, { ticketNo: ticket.feedback.ticketNo, text: '已延长至18点', by: '县政务中心' });
    const result = await runPull(db, client);
    expect(result).toMatchObject({ rows: 2, done: true });

    const record = await db.cases.get(created.record.id);
    expect(record?.state).toBe('accepted');
    expect(record?.history.at(-1)).toMatchObject({ to: 'accepted', actorName: '县人社局张科长', author: { kind: 'county' } });
    expect(await db.feedback.get(ticket.feedback.id)).toMatchObject({ state: 'answered', answer: { text: '已延长至18点', by: '县政务中心' } });
    expect(await db.outbox.toArray()).toEqual(outboxAfterPush);
    expect(await pushPending(db, client, { deviceId, epoch })).toMatchObject({ batches: 0 });
  });
});
