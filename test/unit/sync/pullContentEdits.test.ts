import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import { deviceListResponseSchema } from '../../../shared/dashboard/devices';
import type { DemoManifest } from '../../../shared/demo/manifest';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { runPull } from '../../../renderer/src/sync/pull';
import { createSyncClient } from '../../../renderer/src/sync/syncClient';
import { importDemo } from '../../../server/src/services/importDemo';
import { startServer, type RunningServer } from '../../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../../server/test/pg';
import { enrollKiosk } from '../../../server/test/pushFixtures';
import { apiGet, apiWrite, signInStaff, type Staff } from '../../../server/test/dashboard/adminFixtures';
import { freshDb } from '../db/support/testDb';

/**
 * The dashboard's content edits as a kiosk meets them: its real pull over HTTP applies an edited
 * program, a project moved to another village, a deleted notice and a new holiday, and the county
 * records the kiosk version the sync client sends.
 */
let dir: string;
let manifest: DemoManifest;
let village: string;
let database: TestDatabase;
let server: RunningServer;
let staff: Staff;
let kioskDb: KioskDatabase;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiosk-content-'));
  manifest = await writeDemoData({ households: 40, years: 1, seed: 31, townships: 1, outDir: dir });
  if (manifest.station.villageCode === null) throw new Error('the demo station should be a village');
  village = manifest.station.villageCode;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(async () => {
  database = await createTestDatabase('sqlite');
  server = await startServer(database);
  await importDemo(server.handle.db, dir);
  staff = await signInStaff(server);
  kioskDb = freshDb();
});
afterEach(async () => {
  kioskDb.close();
  await server.close();
  await database.drop();
});

describe('content edits reach the kiosk', () => {
  it('applies an edited program, a moved project, a deleted notice and a new holiday', async () => {
    const enrolled = await enrollKiosk(server, village);
    const client = createSyncClient({ baseUrl: server.baseUrl, token: enrolled.token, kioskVersion: '2.3.4' });
    expect((await runPull(kioskDb, client, { villageCode: village })).done).toBe(true);

    const program = (await kioskDb.programs.toArray())[0];
    const project = (await kioskDb.projects.toArray())[0];
    const notice = (await kioskDb.notices.toArray())[0];
    if (program === undefined || project === undefined || notice === undefined) throw new Error('first sync brought no content');
    const summaryBefore = await kioskDb.programSummaries.get(program.id);
    const otherVillage = (await server.handle.db.selectFrom('villages').select('code').where('code', '!=', village).executeTakeFirstOrThrow()).code;

    const edits: Array<[string, 'PUT' | 'DELETE', unknown]> = [
      [`/content/program/${program.id}`, 'PUT', { ...program, name: `${program.name}（调整）` }],
      [`/content/project/${project.id}`, 'PUT', { ...project, villageCode: otherVillage }],
      [`/content/notice/${notice.id}`, 'DELETE', undefined],
      ['/content/holiday/2031-10-01', 'PUT', { date: '2031-10-01', name: '国庆节', kind: 'off' }],
    ];
    for (const [path, method, body] of edits) expect((await apiWrite(server, staff.admin, method, path, body)).status, path).toBe(200);

    const result = await runPull(kioskDb, client);
    expect(result.done).toBe(true);
    expect((await kioskDb.programs.get(program.id))?.name).toBe(`${program.name}（调整）`);
    // Editing a program's text leaves its payment totals on the kiosk as they were.
    expect(await kioskDb.programSummaries.get(program.id)).toEqual(summaryBefore);
    expect(await kioskDb.projects.get(project.id)).toBeUndefined();
    expect(await kioskDb.notices.get(notice.id)).toBeUndefined();
    expect(await kioskDb.holidays.get('2031-10-01')).toEqual({ date: '2031-10-01', name: '国庆节', kind: 'off' });
    expect(await getMeta(kioskDb, 'dataAsOf')).not.toBe(manifest.dataAsOf);

    const devices = deviceListResponseSchema.parse(await (await apiGet(server, staff.viewer, '/devices')).json()).devices;
    expect(devices.find((d) => d.id === enrolled.deviceId)?.appVersion).toBe('2.3.4');
  });
});
