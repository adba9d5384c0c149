import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentListResponseSchema, contentWriteResponseSchema, type ContentStream } from '../../../shared/dashboard/content';
import { dashboardErrorSchema } from '../../../shared/dashboard/staff';
import type { FundProgram } from '../../../shared/domain/fundProgram';
import { PUBLICATION_KEY } from '../../../shared/sync/pullStreams';
import type { EnrollResponse } from '../../../shared/sync/protocol';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { enrollKiosk } from '../pushFixtures';
import { apiGet, apiWrite, changeLogState, importDemoInto, pullAll, signInStaff, writeDemoOnDisk, type DemoOnDisk, type Staff } from './adminFixtures';

// A fixed server clock: the "data as of" an edit publishes is the county's day of it.
const NOW = new Date('2026-11-27T20:30:00.000Z');
const COUNTY_DAY = '2026-11-28';

let demo: DemoOnDisk;
beforeAll(async () => {
  demo = await writeDemoOnDisk();
});
afterAll(() => demo.remove());

describe.each(TEST_DATABASE_KINDS)('content editors (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let staff: Staff;
  let kiosk: EnrollResponse;
  let otherKiosk: EnrollResponse;
  let stationVillage: string;
  let otherVillage: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 }, { clock: () => NOW });
    await importDemoInto(server, demo);
    staff = await signInStaff(server);
    stationVillage = demo.data.villages[0]?.code ?? '';
    otherVillage = demo.data.villages[1]?.code ?? '';
    kiosk = await enrollKiosk(server, stationVillage);
    otherKiosk = await enrollKiosk(server, otherVillage, 'other');
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function list<S extends ContentStream>(stream: S, query = '') {
    const response = await apiGet(server, staff.viewer, `/content/${stream}${query}`);
    expect(response.status).toBe(200);
    return contentListResponseSchema(stream).parse(await response.json());
  }

  async function expectRefused(response: Response, status: number, code: string, before: { count: number; maxId: number }): Promise<string> {
    expect(response.status).toBe(status);
    const body = dashboardErrorSchema.parse(await response.json());
    expect(body.error.code).toBe(code);
    expect(await changeLogState(server)).toEqual(before);
    return body.error.message;
  }

  function firstProgram(): FundProgram {
    const program = demo.data.programs[0];
    if (program === undefined) throw new Error('demo set has no program');
    return structuredClone(program);
  }

  it('lists the current values of every stream, paged by key', async () => {
    const programs = await list('program');
    expect(programs.items.map((i) => i.key)).toEqual(demo.data.programs.map((p) => p.id).sort());
    expect(programs.items.every((i) => i.villageCode === null)).toBe(true);

    const keys: string[] = [];
    let after: string | null = null;
    do {
      const page: { items: Array<{ key: string }>; nextAfter: string | null } = await list('serviceItem', `?limit=3${after === null ? '' : `&after=${after}`}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      keys.push(...page.items.map((i) => i.key));
      after = page.nextAfter;
    } while (after !== null);
    expect(keys).toEqual(demo.data.serviceItems.map((s) => s.code).sort());

    const projects = await list('project', `?village=${stationVillage}&limit=200`);
    expect(projects.items.map((i) => i.key).sort()).toEqual(demo.data.projects.filter((p) => p.villageCode === stationVillage).map((p) => p.id).sort());
    // A village's notices include the county-wide ones its kiosk shows.
    const notices = await list('notice', `?village=${stationVillage}&limit=200`);
    const expected = demo.data.notices.filter((n) => n.villageCode === stationVillage || n.villageCode === null).map((n) => n.id).sort();
    expect(notices.items.map((i) => i.key)).toEqual(expected);

    const refused = await apiGet(server, staff.viewer, `/content/holiday?village=${stationVillage}`);
    expect(refused.status).toBe(400);
    expect((await apiGet(server, staff.viewer, '/content/disbursement')).status).toBe(400);
  });

  it('publishes an edited program to the kiosks, replacing the imported row, with a new data-as-of', async () => {
    const { next } = await pullAll(server, kiosk);
    const program = { ...firstProgram(), name: '耕地地力保护补贴（修订）', consultPhone: '0551-12345678' };
    const response = await apiWrite(server, staff.admin, 'PUT', `/content/program/${program.id}`, program);
    expect(response.status).toBe(200);
    const written = contentWriteResponseSchema.parse(await response.json());
    expect(written).toMatchObject({ stream: 'program', key: program.id, op: 'put', updatedAt: NOW.toISOString() });

    const pulled = await pullAll(server, kiosk, next);
    expect(pulled.changes.map((c) => [c.stream, c.op, c.key])).toEqual([
      ['program', 'put', program.id],
      ['publication', 'put', PUBLICATION_KEY],
    ]);
    expect(pulled.changes[0]?.seq).toBe(written.changeId);
    expect(pulled.changes[0]?.value).toEqual(program);
    // The demo's data-as-of (2025) is older than the edit: it moves to the county's day.
    expect(pulled.changes[1]?.value).toEqual({ dataAsOf: COUNTY_DAY });
    // Every village's kiosk receives a county-wide edit.
    expect((await pullAll(server, otherKiosk)).changes.some((c) => c.stream === 'program' && c.key === program.id && (c.value as FundProgram).name === program.name)).toBe(true);

    const rows = await server.handle.db.selectFrom('changes').select(['village_code', 'op']).where('stream', '=', 'program').where('key', '=', program.id).execute();
    expect(rows).toEqual([{ village_code: null, op: 'put' }]);
    const listed = await list('program');
    expect(listed.items.find((i) => i.key === program.id)?.value.name).toBe(program.name);
  });

  it('refuses an invalid value, a key mismatch, an unknown village and a viewer, writing nothing', async () => {
    const before = await changeLogState(server);
    const program = firstProgram();

    const unbalanced = { ...program, budgetFen: program.budgetFen + 1 };
    const message = await expectRefused(await apiWrite(server, staff.admin, 'PUT', `/content/program/${program.id}`, unbalanced), 400, 'INVALID_REQUEST', before);
    expect(message).toContain('budgetFen');
    const missing = { ...program, documents: [] };
    expect(await expectRefused(await apiWrite(server, staff.admin, 'PUT', `/content/program/${program.id}`, missing), 400, 'INVALID_REQUEST', before)).toContain('documents');

    const holiday = demo.data.holidays[0];
    await expectRefused(await apiWrite(server, staff.admin, 'PUT', '/content/holiday/2030-01-01', holiday), 400, 'KEY_MISMATCH', before);

    const project = { ...demo.data.projects[0], villageCode: '999999999999' };
    await expectRefused(await apiWrite(server, staff.admin, 'PUT', `/content/project/${project.id ?? ''}`, project), 400, 'UNKNOWN_VILLAGE', before);

    await expectRefused(await apiWrite(server, staff.viewer, 'PUT', `/content/program/${program.id}`, program), 403, 'FORBIDDEN', before);
    await expectRefused(await apiWrite(server, staff.clerk, 'DELETE', `/content/program/${program.id}`), 403, 'FORBIDDEN', before);
    await expectRefused(await apiWrite(server, staff.admin, 'PUT', `/content/feedbackAnswer/${program.id}`, program), 400, 'INVALID_REQUEST', before);
  });

  it('moves a project to another village: the old village is told to delete it, the new one gets it', async () => {
    const project = demo.data.projects.find((p) => p.villageCode === stationVillage);
    if (project === undefined) throw new Error('no project in the station village');
    const [mine, theirs] = [await pullAll(server, kiosk), await pullAll(server, otherKiosk)];
    const moved = { ...project, villageCode: otherVillage, progressPct: 80 };
    expect((await apiWrite(server, staff.admin, 'PUT', `/content/project/${project.id}`, moved)).status).toBe(200);

    const oldVillage = await pullAll(server, kiosk, mine.next);
    expect(oldVillage.changes.filter((c) => c.stream === 'project')).toEqual([expect.objectContaining({ op: 'delete', key: project.id, value: null })]);
    const newVillage = await pullAll(server, otherKiosk, theirs.next);
    expect(newVillage.changes.filter((c) => c.stream === 'project')).toEqual([expect.objectContaining({ op: 'put', key: project.id, value: moved })]);
    expect((await list('project', `?village=${stationVillage}&limit=200`)).items.some((i) => i.key === project.id)).toBe(false);
    expect((await list('project', `?village=${otherVillage}&limit=200`)).items.find((i) => i.key === project.id)?.value).toEqual(moved);
  });

  it('deletes a notice where it lives, and answers 404 for one that is gone', async () => {
    const notice = demo.data.notices.find((n) => n.villageCode === stationVillage) ?? demo.data.notices[0];
    if (notice === undefined) throw new Error('no notice');
    const { next } = await pullAll(server, kiosk);
    const response = await apiWrite(server, staff.admin, 'DELETE', `/content/notice/${notice.id}`);
    expect(response.status).toBe(200);
    expect(contentWriteResponseSchema.parse(await response.json())).toMatchObject({ op: 'delete', key: notice.id });
    const pulled = await pullAll(server, kiosk, next);
    expect(pulled.changes.map((c) => [c.stream, c.op, c.key])).toEqual([
      ['notice', 'delete', notice.id],
      ['publication', 'put', PUBLICATION_KEY],
    ]);
    expect((await list('notice', '?limit=200')).items.some((i) => i.key === notice.id)).toBe(false);
    const before = await changeLogState(server);
    await expectRefused(await apiWrite(server, staff.admin, 'DELETE', `/content/notice/${notice.id}`), 404, 'NOT_FOUND', before);
  });

  it('adds a new holiday and a county-wide notice', async () => {
    const { next } = await pullAll(server, otherKiosk);
    const holiday = { date: '2027-01-28', name: '春节', kind: 'off' as const };
    expect((await apiWrite(server, staff.admin, 'PUT', `/content/holiday/${holiday.date}`, holiday)).status).toBe(200);
    const notice = { id: 'N-2026-EDIT-1', villageCode: null, category: 'policy' as const, title: '冬季补贴申报提醒', body: '请于12月31日前到村服务站申报。', publishedOn: '2026-11-28' };
    expect((await apiWrite(server, staff.admin, 'PUT', `/content/notice/${notice.id}`, notice)).status).toBe(200);
    const pulled = await pullAll(server, otherKiosk, next);
    expect(pulled.changes.filter((c) => c.stream !== 'publication').map((c) => [c.stream, c.key, c.value])).toEqual([
      ['holiday', holiday.date, holiday],
      ['notice', notice.id, notice],
    ]);
  });
});
