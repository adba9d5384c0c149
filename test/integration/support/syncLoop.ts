import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { pushPending, type PushLimits } from '../../../renderer/src/sync/pushOutbox';
import { SyncHttpError, type SyncClient } from '../../../renderer/src/sync/syncClient';
import type { TestKiosk } from './kiosk';

/** One pull run to the end of the log (or its page budget); `done` when the county has nothing more. */
export type PullRun = (db: KioskDatabase, client: SyncClient) => Promise<{ done: boolean }>;

export interface LoopResult {
  /** Attempts made, the successful last one included. */
  attempts: number;
  /** Failed attempts by SyncHttpError code (NETWORK, BAD_BODY, …). */
  failures: Record<string, number>;
}

/**
 * What the sync engine does, without its waiting: push, then pull, again after every retryable
 * failure, until the outbox is empty and the pull has reached the end. Bounded: a sync that does
 * not converge within `maxAttempts` fails the test instead of hanging it. A failure the engine
 * would not retry (refused, unauthorized) is thrown at once: under these faults there must be none.
 */
export async function syncUntilDone(kiosk: TestKiosk, client: SyncClient, { pull, pushLimits, maxAttempts = 40 }: { pull?: PullRun; pushLimits?: PushLimits; maxAttempts?: number } = {}): Promise<LoopResult> {
  const result: LoopResult = { attempts: 0, failures: {} };
  while (result.attempts < maxAttempts) {
    result.attempts++;
    try {
      const pushed = await pushPending(kiosk.db, client, kiosk.identity, pushLimits);
      const pulled = pull ? await pull(kiosk.db, client) : { done: true };
      if (pushed.remaining === 0 && pulled.done) return result;
    } catch (error) {
      if (!(error instanceof SyncHttpError) || !error.retryable) throw error;
      result.failures[error.code] = (result.failures[error.code] ?? 0) + 1;
    }
  }
  throw new Error(`sync did not finish in ${maxAttempts} attempts (failures: ${JSON.stringify(result.failures)})`);
}

export function totalFailures(result: LoopResult): number {
  return Object.values(result.failures).reduce((sum, n) => sum + n, 0);
}
