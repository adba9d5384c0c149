import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseDetailSchema, casesPageSchema, type CaseRow, type CasesQueryParams } from '../../../shared/dashboard/cases';
import { caseEventSchema } from '../../../shared/domain/case';
import { containsFullIdNumber } from '../../../shared/privacy/masking';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { DashboardCounty, EAST, WEST } from './casesFixture';

// Less than the staff session idle timeout, so the signed-in users stay signed in.
const STEP = 5 * 60_000;

interface Seeded {
  id: string;
  village: string;
  item: string;
  createdOn: string;
  deadline: string;
  state: string;
}

describe.each(TEST_DATABASE_KINDS)('dashboard cases API (%s)', (kind) => {
  let database: TestDatabase;
  let county: DashboardCounty;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    county = await DashboardCounty.start(database);
  });
  afterEach(async () => {
    await county.close();
    await database.drop();
  });

  /** 24 cases over both villages in three batches (three server times), varied item, day, deadline and state. */
  async function seed(): Promise<Seeded[]> {
    const seeded: Seeded[] = [];
    for (let batch = 0; batch < 3; batch++) {
      for (let i = 0; i < 8; i++) {
        const kiosk = i % 2 === 0 ? county.east : county.west;
        const created = kiosk.outbox.createCase();
        const n = batch * 8 + i;
        created.itemCode = n % 3 === 0 ? 'NY002' : 'MZ001';
        created.recordedAt = `2026-12-${String(1 + n).padStart(2, '0')}T09:00:00+08:00`;
        created.deadline = n % 4 === 0 ? '2026-12-10' : '2027-01-15';
        let state = 'entrusted';
        if (n % 5 === 1) {
          kiosk.outbox.transition(created.caseId, 'accepted');
          state = 'accepted';
        }
        seeded.push({ id: created.caseId, village: kiosk.villageCode, item: created.itemCode, createdOn: created.recordedAt.slice(0, 10), deadline: created.deadline, state });
      }
      await county.east.push();
      await county.west.push();
      county.advance(STEP);
    }
    return seeded;
  }

  async function walk(params: CasesQueryParams, limit: number): Promise<{ rows: CaseRow[]; pages: number; total: number | undefined }> {
    const rows: CaseRow[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let total: number | undefined;
    do {
      const { status, body } = await county.get('/cases', { ...(params as Record<string, string>), limit, ...(cursor === null ? {} : { cursor }) });
      expect(status).toBe(200);
      const page = casesPageSchema.parse(body);
      if (pages === 0) total = page.total;
      rows.push(...page.rows);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 50);
    return { rows, pages, total };
  }

  it('pages through every case exactly once, newest received first, with the cheap total', async () => {
    const seeded = await seed();
    const { rows, pages, total } = await walk({}, 5);
    expect(pages).toBe(5);
    expect(total).toBe(24);
    const ids = rows.map((row) => row.id);
    expect(new Set(ids).size).toBe(24);
    expect(new Set(ids)).toEqual(new Set(seeded.map((s) => s.id)));
    // Nothing moved after it was received here, so updatedAt is the receipt time the list is ordered by.
    const times = rows.map((row) => row.updatedAt);
    // Batches were received five minutes apart: the last batch's cases come first.
    const lastBatch = new Set(seeded.slice(16).map((s) => s.id));
    expect(ids.slice(0, 8).every((id) => lastBatch.has(id))).toBe(true);
    expect(times).toEqual([...times].sort().reverse());
    expect(rows[0]).toMatchObject({ applicantNameMasked: '张*' });
    expect(rows.find((row) => row.villageCode === WEST)?.villageName).toBe('西村');
  });

  it('filters by village, item, state, overdue and receipt date, across pages', async () => {
    const seeded = await seed();
    const today = county.now.toISOString().slice(0, 10);
    const cases: Array<[CasesQueryParams, (s: Seeded) => boolean]> = [
      [{ village: EAST }, (s) => s.village === EAST],
      [{ item: 'NY002' }, (s) => s.item === 'NY002'],
      [{ state: 'accepted' }, (s) => s.state === 'accepted'],
      [{ overdue: 'true' }, (s) => s.deadline < today],
      [{ overdue: 'false' }, (s) => s.deadline >= today],
      [{ from: '2026-12-05', to: '2026-12-12' }, (s) => s.createdOn >= '2026-12-05' && s.createdOn <= '2026-12-12'],
      [{ village: EAST, state: 'entrusted', overdue: 'true' }, (s) => s.village === EAST && s.state === 'entrusted' && s.deadline < today],
    ];
    for (const [params, expected] of cases) {
      const { rows } = await walk(params, 3);
      const want = seeded.filter(expected).map((s) => s.id);
      expect(want.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.id).sort(), JSON.stringify(params)).toEqual(want.sort());
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
      if (params.overdue === 'true') expect(rows.every((row) => row.overdue)).toBe(true);
    }
    expect((await walk({ village: EAST, state: 'entrusted' }, 50)).total).toBe(seeded.filter((s) => s.village === EAST && s.state === 'entrusted').length);
  });

  it('refuses a forged cursor and an out-of-range limit', async () => {
    expect((await county.get('/cases', { cursor: 'bm90LWEtY3Vyc29y' })).status).toBe(400);
    expect((await county.get('/cases', { limit: 201 })).status).toBe(400);
    expect((await county.get('/cases', { overdue: 'yes' })).status).toBe(400);
  });

  it('shows a case with masked applicant and every event, a rejected one marked', async () => {
    const created = county.east.outbox.createCase();
    county.east.outbox.transition(created.caseId, 'accepted');
    // Not legal from accepted: stored as the kiosk sent it, rejected by the fold.
    const illegal = county.east.outbox.transition(created.caseId, 'completed');
    await county.east.push();
    const { status, body } = await county.get(`/cases/${created.caseId}`);
    expect(status).toBe(200);
    expect(containsFullIdNumber(JSON.stringify(body))).toBe(false);
    const detail = caseDetailSchema.parse(body);
    expect(detail.case).toMatchObject({ id: created.caseId, receiptNo: created.receiptNo, state: 'accepted', villageName: '东村' });
    expect(detail.applicant).toMatchObject({ nameMasked: '张*', phoneMasked: '138****0000', group: 3 });
    expect(detail.applicant.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(detail.timeline.map((e) => [e.type, e.to ?? null, e.rejected])).toEqual([
      ['created', null, false],
      ['transition', 'accepted', false],
      ['transition', 'completed', true],
    ]);
    expect(detail.timeline[2]?.eventId).toBe(illegal.id);
    expect(detail.timeline[0]?.receivedAt).toBe(county.now.toISOString());
    expect(detail.allowedResults).toEqual(['awaitingMaterials']);
    expect((await county.get('/cases/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('records a clerk’s result, which reaches the village’s kiosk on its next pull', async () => {
    const created = county.east.outbox.createCase();
    await county.east.push();
    county.advance(STEP);
    const { status, body } = await county.post(`/cases/${created.caseId}/result`, { to: 'accepted', reason: '' });
    expect(status).toBe(200);
    const detail = caseDetailSchema.parse(body);
    expect(detail.case.state).toBe('accepted');
    expect(detail.case.updatedAt).toBe(county.now.toISOString());
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'transition', to: 'accepted', actorName: 'clerk-user', author: { kind: 'county' }, rejected: false });

    const pulled = (await county.east.pull()).filter((change) => change.stream === 'caseEvent');
    expect(pulled).toHaveLength(1);
    expect(caseEventSchema.parse(pulled[0]?.value)).toMatchObject({ caseId: created.caseId, type: 'transition', to: 'accepted', actorName: 'clerk-user' });
    expect((await county.west.pull()).filter((change) => change.stream === 'caseEvent')).toEqual([]);
  });

  it('refuses illegal results, missing reasons, unknown cases and viewers, changing nothing', async () => {
    const created = county.east.outbox.createCase();
    await county.east.push();
    const db = county.server.handle.db;
    const count = async () => {
      const events = await db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const changes = await db.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const row = await db.selectFrom('cases').select(['state', 'updated_at']).where('id', '=', created.caseId).executeTakeFirstOrThrow();
      return { events: Number(events.n), changes: Number(changes.n), row };
    };
    const before = await count();
    const illegal = await county.post(`/cases/${created.caseId}/result`, { to: 'completed', reason: '' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ error: { code: 'ILLEGAL_TRANSITION' } });
    expect((await county.post(`/cases/${created.caseId}/result`, { to: 'declined', reason: ' ' })).status).toBe(400);
    expect((await county.post(`/cases/${created.caseId}/result`, { to: 'terminated', reason: 'x' })).status).toBe(400);
    expect((await county.post('/cases/00000000-0000-7000-8000-000000000000/result', { to: 'accepted' })).status).toBe(404);
    expect((await county.post(`/cases/${created.caseId}/result`, { to: 'accepted' }, 'viewer')).status).toBe(403);
    expect(await count()).toEqual(before);
  });
});
