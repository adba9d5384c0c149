import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema, pullResponseSchema, SYNC_LIMITS, type EnrollResponse, type PullResponse } from '../../shared/sync/protocol';
import { publishChanges, type NewChange } from '../src/repositories/changes';
import { revokeDevice } from '../src/repositories/devices';
import { addVillage } from '../src/repositories/villages';
import { encodeCursor } from '../src/services/pull';
import { startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { enrollKiosk } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';

function put(villageCode: string | null, key: string, value: unknown = { key }): NewChange {
  return { villageCode, stream: 'disbursement', op: 'put', key, value };
}

describe.each(TEST_DATABASE_KINDS)('sync pull over HTTP (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let kiosk: EnrollResponse;
  let otherKiosk: EnrollResponse;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database);
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    kiosk = await enrollKiosk(server, VILLAGE, '东村服务站');
    otherKiosk = await enrollKiosk(server, OTHER_VILLAGE, '西村服务站');
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  function get(query: string, token = kiosk.token): Promise<Response> {
    return fetch(`${server.baseUrl}/api/v1/sync/pull${query}`, { headers: { authorization: `Bearer ${token}` } });
  }

  async function pull(since: string, limit?: number, as: EnrollResponse = kiosk): Promise<PullResponse> {
    const params = new URLSearchParams({ since });
    if (limit !== undefined) params.set('limit', String(limit));
    const response = await get(`?${params.toString()}`, as.token);
    expect(response.status).toBe(200);
    return pullResponseSchema.strict().parse(await response.json());
  }

  /** Pulls until hasMore is false; returns every page. */
  async function pullAll(since = '', limit?: number, as: EnrollResponse = kiosk): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    let cursor = since;
    for (;;) {
      const page = await pull(cursor, limit, as);
      pages.push(page);
      cursor = page.next;
      if (!page.hasMore) return pages;
      expect(pages.length).toBeLessThan(100);
    }
  }

  async function expectError(response: Response, status: number, code: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(apiErrorSchema.parse(await response.json()).error.code).toBe(code);
  }

  it('pages through 2,500 rows in three pages, each row once and in order', async () => {
    const ids = await publishChanges(server.handle.db, Array.from({ length: 2500 }, (_, i) => put(VILLAGE, `d${i}`, { n: i })));
    const pages = await pullAll('', 1000);
    expect(pages.map((p) => p.changes.length)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages.map((p) => p.remaining)).toEqual([1500, 500, 0]);
    const served = pages.flatMap((p) => p.changes);
    expect(served.map((c) => c.seq)).toEqual(ids);
    expect(served.map((c) => c.value)).toEqual(Array.from({ length: 2500 }, (_, i) => ({ n: i })));
    expect(pages.every((p) => p.epoch === 1)).toBe(true);

    // Nothing new: the same cursor comes back with no changes.
    const last = pages[2]?.next ?? '';
    expect(await pull(last, 1000)).toEqual({ epoch: 1, changes: [], next: last, hasMore: false, remaining: 0 });
  });

  it('serves a village its own and the county-wide rows, never another village’s', async () => {
    await publishChanges(server.handle.db, [
      put(VILLAGE, 'east-1'),
      put(OTHER_VILLAGE, 'west-1'),
      { villageCode: null, stream: 'holiday', op: 'put', key: '2026-10-01', value: { name: '国庆节' } },
      put(OTHER_VILLAGE, 'west-2'),
      { villageCode: VILLAGE, stream: 'disbursement', op: 'delete', key: 'east-0', value: null },
    ]);
    const east = (await pullAll()).flatMap((p) => p.changes);
    const west = (await pullAll('', undefined, otherKiosk)).flatMap((p) => p.changes);
    expect(east.map((c) => c.key)).toEqual(['east-1', '2026-10-01', 'east-0']);
    expect(east[2]).toMatchObject({ op: 'delete', value: null });
    expect(west.map((c) => c.key)).toEqual(['west-1', '2026-10-01', 'west-2']);
    expect(west[1]).toMatchObject({ stream: 'holiday', value: { name: '国庆节' } });
  });

  it('serves rows published after a page with the next pull from the returned cursor', async () => {
    await publishChanges(server.handle.db, [put(VILLAGE, 'a'), put(VILLAGE, 'b')]);
    const first = await pull('');
    expect(first.changes.map((c) => c.key)).toEqual(['a', 'b']);
    expect(first.hasMore).toBe(false);
    await publishChanges(server.handle.db, [put(OTHER_VILLAGE, 'x'), put(VILLAGE, 'c'), put(null, 'd')]);
    const second = await pull(first.next);
    expect(second.changes.map((c) => c.key)).toEqual(['c', 'd']);
    expect(second.hasMore).toBe(false);
  });

  it('stops a page early rather than exceed the byte bound', async () => {
    // Four values of 1.5 MB: two fit in 4 MB, a third would not.
    const big = 'x'.repeat(1_500_000);
    await publishChanges(server.handle.db, [0, 1, 2, 3].map((i) => put(VILLAGE, `big-${i}`, { big })));
    const pages = await pullAll('', SYNC_LIMITS.maxPullLimit);
    expect(pages.map((p) => p.changes.map((c) => c.key))).toEqual([['big-0', 'big-1'], ['big-2', 'big-3']]);
    expect(pages[0]?.remaining).toBe(2);
  });

  it('refuses a malformed cursor', async () => {
    const garbage = ['not a cursor', 'abc', Buffer.from('{"e":1}').toString('base64url'), Buffer.from('{"e":1,"id":-1}').toString('base64url'), Buffer.from('{"e":1,"id":1,"x":2}').toString('base64url')];
    for (const since of garbage) await expectError(await get(`?since=${encodeURIComponent(since)}`), 400, 'INVALID_CURSOR');
  });

  it('refuses a limit out of range or not a number', async () => {
    for (const limit of ['0', '10000', 'abc', '1.5']) await expectError(await get(`?limit=${limit}`), 400, 'INVALID_REQUEST');
  });

  it('tells a kiosk holding another epoch’s cursor to start over', async () => {
    await publishChanges(server.handle.db, [put(VILLAGE, 'a')]);
    const answer = await pull(encodeCursor({ e: 7, id: 1 }));
    expect(answer).toEqual({ epoch: 1, changes: [], next: '', hasMore: true, remaining: null });
    expect((await pull(answer.next)).changes.map((c) => c.key)).toEqual(['a']);
  });

  it('refuses a revoked or missing token', async () => {
    await revokeDevice(server.handle.db, kiosk.deviceId);
    await expectError(await get(''), 401, 'DEVICE_REVOKED');
    const anonymous = await fetch(`${server.baseUrl}/api/v1/sync/pull`);
    expect(anonymous.status).toBe(401);
  });

  it.runIf(kind === 'postgres')('never lets a reader skip a row that commits later (parallel publishers)', async () => {
    // Publishers on their own pool connections so their transactions really overlap.
    const writer = database.open().db;
    const publishers = Array.from({ length: 4 }, (_, p) =>
      (async () => {
        for (let batch = 0; batch < 15; batch++) {
          await publishChanges(writer, Array.from({ length: 1 + ((p + batch) % 4) }, (_, i) => put(VILLAGE, `p${p}-b${batch}-${i}`)));
        }
      })(),
    );
    let done = false;
    const all = Promise.all(publishers).finally(() => {
      done = true;
    });
    const seen: number[] = [];
    let cursor = '';
    while (!done) {
      const page = await pull(cursor, 7);
      seen.push(...page.changes.map((c) => c.seq));
      cursor = page.next;
    }
    await all;
    for (const page of await pullAll(cursor)) seen.push(...page.changes.map((c) => c.seq));
    const stored = await server.handle.db.selectFrom('changes').select('id').orderBy('id').execute();
    // A skipped row would be missing here: the cursor would have moved past it before it committed.
    expect(seen).toEqual(stored.map((r) => r.id));
    expect(seen.length).toBe(4 * 15 + [0, 1, 2, 3].reduce((sum, p) => sum + Array.from({ length: 15 }, (_, b) => (p + b) % 4).reduce((a, x) => a + x, 0), 0));
  });
});
