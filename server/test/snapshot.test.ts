import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullResponseSchema, type Change, type EnrollResponse, type PullResponse } from '../../shared/sync/protocol';
import { publishChanges, type NewChange } from '../src/repositories/changes';
import { addVillage } from '../src/repositories/villages';
import { compactChanges } from '../src/services/compaction';
import { decodeCursor, encodeCursor } from '../src/services/pull';
import { startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { enrollKiosk } from './pushFixtures';

const VILLAGE = '130123104201';
const OTHER_VILLAGE = '130123104202';

function put(villageCode: string | null, key: string, value: unknown = { key }): NewChange {
  return { villageCode, stream: 'disbursement', op: 'put', key, value };
}
function del(villageCode: string | null, key: string): NewChange {
  return { villageCode, stream: 'disbursement', op: 'delete', key, value: null };
}

/** What a kiosk ends up holding after applying changes in order: key → value (deletes remove). */
function applyAll(changes: Change[]): Map<string, unknown> {
  const held = new Map<string, unknown>();
  for (const c of changes) {
    const key = `${c.stream}|${c.key}`;
    if (c.op === 'put') held.set(key, c.value);
    else held.delete(key);
  }
  return held;
}

/** A small deterministic PRNG, so a failing interleaving can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.each(TEST_DATABASE_KINDS)('first-sync snapshot and log compaction (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let kiosk: EnrollResponse;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    await addVillage(server.handle.db, { code: OTHER_VILLAGE, name: '西村', townshipCode: '130123104' });
    kiosk = await enrollKiosk(server, VILLAGE);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  async function pull(since: string, limit?: number): Promise<PullResponse> {
    const params = new URLSearchParams({ since });
    if (limit !== undefined) params.set('limit', String(limit));
    const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?${params.toString()}`, { headers: { authorization: `Bearer ${kiosk.token}` } });
    expect(response.status).toBe(200);
    return pullResponseSchema.strict().parse(await response.json());
  }

  async function logRows(): Promise<Array<{ village_code: string | null; key: string; op: string; value: string | null }>> {
    return server.handle.db.selectFrom('changes').select(['village_code', 'key', 'op', 'value']).orderBy('id').execute();
  }

  it('counts a first sync to the point where it began, then follows the log', async () => {
    await publishChanges(server.handle.db, Array.from({ length: 100 }, (_, i) => put(VILLAGE, `d${i}`)));
    const first = await pull('', 30);
    expect(first).toMatchObject({ hasMore: true, remaining: 70 });
    expect(decodeCursor(first.next)).toMatchObject({ id: first.changes.at(-1)?.seq, s: 100 });

    // Published during the first sync: beyond its snapshot, so the progress total does not move.
    await publishChanges(server.handle.db, [...Array.from({ length: 50 }, (_, i) => put(VILLAGE, `late${i}`)), put(OTHER_VILLAGE, 'west')]);
    const second = await pull(first.next, 30);
    expect(second.remaining).toBe(40);
    const third = await pull(second.next, 30);
    expect(third.remaining).toBe(10);
    // This page crosses the snapshot's end: from here `remaining` counts the log after the cursor.
    const fourth = await pull(third.next, 30);
    expect(fourth.changes.slice(0, 10).map((c) => c.key)).toEqual(Array.from({ length: 10 }, (_, i) => `d${90 + i}`));
    expect(fourth).toMatchObject({ hasMore: true, remaining: 30 });
    expect(decodeCursor(fourth.next)?.s).toBeUndefined();
    const fifth = await pull(fourth.next, 30);
    expect(fifth).toMatchObject({ hasMore: false, remaining: 0 });
    const served = [first, second, third, fourth, fifth].flatMap((p) => p.changes.map((c) => c.key));
    expect(served).toEqual([...Array.from({ length: 100 }, (_, i) => `d${i}`), ...Array.from({ length: 50 }, (_, i) => `late${i}`)]);
  });

  it('still accepts a cursor without a snapshot end, and refuses a malformed one', async () => {
    await publishChanges(server.handle.db, [put(VILLAGE, 'a'), put(VILLAGE, 'b')]);
    const legacy = Buffer.from(JSON.stringify({ e: 1, id: 1 }), 'utf8').toString('base64url');
    expect((await pull(legacy)).changes.map((c) => c.key)).toEqual(['b']);
    expect((await pull(encodeCursor({ e: 1, id: 0, s: 2 }), 1)).remaining).toBe(1);
    for (const bad of [{ e: 1, id: 0, s: 0 }, { e: 1, id: 0, s: 'x' }, { e: 1, id: 0, s: 1.5 }]) {
      const since = Buffer.from(JSON.stringify(bad), 'utf8').toString('base64url');
      const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=${since}`, { headers: { authorization: `Bearer ${kiosk.token}` } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
    }
  });

  it('keeps only the newest row of each (village, stream, key); deletes stay as tombstones', async () => {
    await publishChanges(server.handle.db, [put(VILLAGE, 'a', 1), put(VILLAGE, 'b', 1), put(OTHER_VILLAGE, 'a', 1), put(null, 'a', 1)]);
    await publishChanges(server.handle.db, [put(VILLAGE, 'a', 2), del(VILLAGE, 'b'), put(VILLAGE, 'a', 3)]);
    await publishChanges(server.handle.db, [{ villageCode: VILLAGE, stream: 'project', op: 'put', key: 'a', value: 9 }, put(null, 'a', 4)]);
    expect(await logRows()).toEqual([
      { village_code: OTHER_VILLAGE, key: 'a', op: 'put', value: '1' },
      { village_code: VILLAGE, key: 'b', op: 'delete', value: null },
      { village_code: VILLAGE, key: 'a', op: 'put', value: '3' },
      { village_code: VILLAGE, key: 'a', op: 'put', value: '9' },
      { village_code: null, key: 'a', op: 'put', value: '4' },
    ]);
    // A put after a delete brings the key back and removes the tombstone.
    await publishChanges(server.handle.db, [put(VILLAGE, 'b', 5)]);
    expect((await logRows()).filter((r) => r.key === 'b')).toEqual([{ village_code: VILLAGE, key: 'b', op: 'put', value: '5' }]);
  });

  it('compacts a log written without compaction, keeping the newest row and tombstones', async () => {
    // Rows inserted straight into the table, as a log written before migration 0004 holds them.
    const raw = (village: string | null, key: string, op: string, value: string | null) => ({ village_code: village, stream: 'disbursement', op, key, value, created_at: '2026-11-27T00:00:00.000Z' });
    await server.handle.db
      .insertInto('changes')
      .values([raw(VILLAGE, 'a', 'put', '1'), raw(VILLAGE, 'a', 'put', '2'), raw(null, 'h', 'put', '1'), raw(VILLAGE, 'b', 'put', '1'), raw(VILLAGE, 'b', 'delete', null), raw(null, 'h', 'put', '2'), raw(OTHER_VILLAGE, 'a', 'put', '7')])
      .execute();
    expect(await compactChanges(server.handle.db)).toEqual({ removed: 3, remaining: 4 });
    expect(await logRows()).toEqual([
      { village_code: VILLAGE, key: 'a', op: 'put', value: '2' },
      { village_code: VILLAGE, key: 'b', op: 'delete', value: null },
      { village_code: null, key: 'h', op: 'put', value: '2' },
      { village_code: OTHER_VILLAGE, key: 'a', op: 'put', value: '7' },
    ]);
    expect(await compactChanges(server.handle.db)).toEqual({ removed: 0, remaining: 4 });
  });

  it('a reader mid-snapshot ends with every key’s latest value while the county republishes and compacts', async () => {
    const random = prng(kind === 'sqlite' ? 7 : 11);
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`);
    const latest = new Map<string, unknown>();
    const publish = async (changes: NewChange[]) => {
      await publishChanges(server.handle.db, changes);
      for (const c of changes) {
        if (c.villageCode !== VILLAGE && c.villageCode !== null) continue;
        if (c.op === 'put') latest.set(`${c.stream}|${c.key}`, c.value);
        else latest.delete(`${c.stream}|${c.key}`);
      }
    };
    await publish(keys.map((k) => put(VILLAGE, k, { v: 0 })));
    await publish([put(null, 'county-1', { v: 0 }), put(OTHER_VILLAGE, 'k1', { v: 0 })]);

    const served: Change[] = [];
    let cursor = '';
    for (let round = 1; round < 200; round++) {
      const page = await pull(cursor, 1 + Math.floor(random() * 9));
      served.push(...page.changes);
      cursor = page.next;
      // Between pages the county rewrites some keys (some twice), deletes some, and sometimes compacts.
      const batch: NewChange[] = [];
      for (let n = Math.floor(random() * 6); n > 0; n--) {
        const key = keys[Math.floor(random() * keys.length)] as string;
        batch.push(random() < 0.2 ? del(VILLAGE, key) : put(VILLAGE, key, { v: round }));
      }
      if (random() < 0.1) batch.push(put(null, 'county-1', { v: round }));
      await publish(batch);
      if (random() < 0.2) await compactChanges(server.handle.db);
      if (!page.hasMore && round > 30) break;
    }
    for (;;) {
      const page = await pull(cursor, 50);
      served.push(...page.changes);
      cursor = page.next;
      if (!page.hasMore) break;
    }
    expect(applyAll(served)).toEqual(latest);
    // Served in increasing seq order: the cursor never went back.
    const seqs = served.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it.runIf(kind === 'postgres')('a reader with concurrent publishers and compaction still ends with the latest values', async () => {
    const writer = database.open().db;
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await publishChanges(writer, keys.map((k) => put(VILLAGE, k, { p: -1, b: -1 })));
    const publishers = Array.from({ length: 3 }, (_, p) =>
      (async () => {
        for (let b = 0; b < 12; b++) await publishChanges(writer, keys.filter((_, i) => (i + b + p) % 3 === 0).map((k) => put(VILLAGE, k, { p, b })));
      })(),
    );
    const compactor = (async () => {
      for (let i = 0; i < 5; i++) await compactChanges(writer);
    })();
    let done = false;
    const all = Promise.all([...publishers, compactor]).finally(() => {
      done = true;
    });
    const served: Change[] = [];
    let cursor = '';
    while (!done) {
      const page = await pull(cursor, 5);
      served.push(...page.changes);
      cursor = page.next;
    }
    await all;
    for (;;) {
      const page = await pull(cursor, 100);
      served.push(...page.changes);
      cursor = page.next;
      if (!page.hasMore) break;
    }
    const stored = await writer.selectFrom('changes').select(['key', 'value']).orderBy('id').execute();
    expect(stored).toHaveLength(keys.length);
    expect(applyAll(served)).toEqual(new Map(stored.map((r) => [`disbursement|${r.key}`, JSON.parse(r.value ?? 'null') as unknown])));
  });
});
