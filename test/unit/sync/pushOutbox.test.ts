import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushRequest, PushResponse } from '../../../shared/sync/protocol';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { enqueueOutbox } from '../../../renderer/src/db/repositories/outbox';
import { applyPushResponse, pushPending, takePushBatch } from '../../../renderer/src/sync/pushOutbox';
import { SyncHttpError, type SyncClient } from '../../../renderer/src/sync/syncClient';
import { freshDb } from '../db/support/testDb';

const IDENTITY = { deviceId: '01900000-0000-7000-8000-000000000001', epoch: 1 };

/** The county's push rules in miniature: each seq applied at most once, in order, rejections acknowledged too. */
class FakeCounty implements SyncClient {
  lastSeq = 0;
  applied: string[] = [];
  requests: PushRequest[] = [];
  constructor(private readonly reject: (id: string) => boolean = () => false) {}

  async push(request: PushRequest): Promise<PushResponse> {
    this.requests.push(request);
    const rejected: PushResponse['rejected'] = [];
    for (const entry of request.entries) {
      if (entry.seq <= this.lastSeq) continue; // already held: a resend after a lost acknowledgement
      if (entry.seq !== this.lastSeq + 1) break; // a gap: acknowledge only up to it
      if (this.reject(entry.id)) rejected.push({ seq: entry.seq, code: 'INVALID_BODY', message: 'refused' });
      else this.applied.push(entry.id);
      this.lastSeq = entry.seq;
    }
    return { ackedThrough: this.lastSeq, rejected, epoch: 1 };
  }

  async pull(): Promise<never> {
    throw new Error('not used');
  }
}

let db: KioskDatabase;

async function queue(count: number, bodyChars = 10): Promise<void> {
  await db.transaction('rw', [db.outbox, db.counters], async () => {
    for (let i = 1; i <= count; i++) await enqueueOutbox(db, 'feedback', `f-${i}`, { text: 'x'.repeat(bodyChars) });
  });
}

beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

describe('push', () => {
  it('sends every pending entry once, in order, and marks them acknowledged', async () => {
    await queue(7);
    const county = new FakeCounty();
    const result = await pushPending(db, county, IDENTITY, { maxEntries: 3, maxBytes: 1_000_000 });
    expect(result).toEqual({ batches: 3, acked: 7, rejected: 0, remaining: 0 });
    expect(county.applied).toEqual(['f-1', 'f-2', 'f-3', 'f-4', 'f-5', 'f-6', 'f-7']);
    expect(county.requests.map((r) => r.entries.map((e) => e.seq))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await db.outbox.where('state').equals('acked').count()).toBe(7);
  });

  it('splits a batch that would be too large, never dropping an entry', async () => {
    await queue(5, 400);
    const batch = await takePushBatch(db, { maxEntries: 500, maxBytes: 1_000 });
    expect(batch.map((e) => e.seq)).toEqual([1, 2]);
    const county = new FakeCounty();
    await pushPending(db, county, IDENTITY, { maxEntries: 500, maxBytes: 1_000 });
    expect(county.applied).toHaveLength(5);
    expect(county.requests.every((r) => JSON.stringify(r.entries).length <= 1_100)).toBe(true);
  });

  it('a lost acknowledgement is harmless: the resend is skipped by the county and nothing is duplicated', async () => {
    await queue(4);
    const county = new FakeCounty();
    let calls = 0;
    const losesFirstAnswer: SyncClient = {
      push: async (request) => {
        const answer = await county.push(request);
        if (++calls === 1) throw new SyncHttpError('network', null, 'NETWORK', 'connection reset after the county applied the batch');
        return answer;
      },
      pull: county.pull,
    };
    await expect(pushPending(db, losesFirstAnswer, IDENTITY)).rejects.toThrow('connection reset');
    expect(await db.outbox.where('state').equals('pending').count()).toBe(4);
    const second = await pushPending(db, losesFirstAnswer, IDENTITY);
    expect(second.remaining).toBe(0);
    expect(county.applied).toEqual(['f-1', 'f-2', 'f-3', 'f-4']);
  });

  it('keeps a rejected entry, marked with the county’s code, and goes on with the rest', async () => {
    await queue(3);
    const county = new FakeCounty((id) => id === 'f-2');
    const result = await pushPending(db, county, IDENTITY);
    expect(result).toMatchObject({ acked: 2, rejected: 1, remaining: 0 });
    const rejected = await db.outbox.where('state').equals('rejected').toArray();
    expect(rejected.map((e) => [e.id, e.rejection?.code])).toEqual([['f-2', 'INVALID_BODY']]);
  });

  it('an answer that acknowledges nothing new stops the run instead of looping', async () => {
    await queue(2);
    const stuck: SyncClient = { push: async () => ({ ackedThrough: 0, rejected: [], epoch: 1 }), pull: async () => { throw new Error('unused'); } };
    const result = await pushPending(db, stuck, IDENTITY);
    expect(result).toEqual({ batches: 1, acked: 0, rejected: 0, remaining: 2 });
  });

  it('an acknowledgement only settles entries up to ackedThrough', async () => {
    await queue(3);
    await applyPushResponse(db, { ackedThrough: 2, rejected: [], epoch: 1 });
    expect((await db.outbox.where('state').equals('pending').toArray()).map((e) => e.seq)).toEqual([3]);
  });
});
