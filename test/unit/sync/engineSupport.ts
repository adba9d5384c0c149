import type { PullResponse, PushRequest, PushResponse } from '../../../shared/sync/protocol';
import { enqueueOutbox } from '../../../renderer/src/db/repositories/outbox';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import type { EnginePullOptions } from '../../../renderer/src/sync/engine/defaultSteps';
import type { SyncClient } from '../../../renderer/src/sync/syncClient';

/**
 * A county in miniature for the engine tests: pushes follow the server's rules (each seq at most
 * once, in order, rejections acknowledged too); `failNext` scripts what the next pushes throw.
 */
export class ScriptedCounty implements SyncClient {
  lastSeq = 0;
  epoch = 1;
  requests: PushRequest[] = [];
  probes = 0;
  /** Thrown by the next pushes, in order, before any entry is looked at. */
  failNext: unknown[] = [];
  /** Held by the next push until released (single-flight tests). */
  gate: Promise<void> | null = null;
  inFlight = 0;
  maxInFlight = 0;
  rejectIds = new Set<string>();

  async push(request: PushRequest): Promise<PushResponse> {
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate) await this.gate;
      const failure = this.failNext.shift();
      if (failure !== undefined) throw failure;
      const rejected: PushResponse['rejected'] = [];
      for (const entry of request.entries) {
        if (entry.seq <= this.lastSeq) continue;
        if (entry.seq !== this.lastSeq + 1) break;
        if (this.rejectIds.has(entry.id)) rejected.push({ seq: entry.seq, code: 'INVALID_BODY', message: 'refused' });
        this.lastSeq = entry.seq;
      }
      return { ackedThrough: this.lastSeq, rejected, epoch: this.epoch };
    } finally {
      this.inFlight--;
    }
  }

  async pull(since: string, limit: number): Promise<PullResponse> {
    this.probes++;
    return { epoch: this.epoch, changes: [], next: `${since}|${limit}`, hasMore: false, remaining: 0 };
  }
}

export interface FakePullCall {
  options: EnginePullOptions | undefined;
}

/** A pull that records its calls and answers from a script (a thrown value or a result). */
export function scriptedPull(script: Array<{ done: boolean; reset?: boolean; progress?: { rows: number; remaining: number | null; percent: number | null; totalRows: number } } | Error> = []) {
  const calls: FakePullCall[] = [];
  const pull = async (_db: KioskDatabase, _client: SyncClient, options?: EnginePullOptions): Promise<{ done: boolean; reset: boolean }> => {
    calls.push({ options });
    const next = script.shift() ?? { done: true };
    if (next instanceof Error) throw next;
    if (next.progress) options?.onProgress?.(next.progress);
    return { done: next.done, reset: next.reset ?? false };
  };
  return { pull, calls, script };
}

export async function queueRecords(db: KioskDatabase, ids: string[]): Promise<void> {
  await db.transaction('rw', [db.outbox, db.counters], async () => {
    for (const id of ids) await enqueueOutbox(db, 'feedback', id, { id });
  });
}

/** Lets IndexedDB (fake-indexeddb schedules with the real setImmediate) and promise chains run. */
export async function flush(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits (real time, not the faked clock: performance.now is left alone) until the condition holds. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!condition()) throw new Error('condition not reached');
}
