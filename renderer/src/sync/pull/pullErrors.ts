import type { PULL_STREAMS } from '../../../../shared/sync/protocol';

/**
 * IndexedDB refused a write for lack of space. The page was not written (its transaction aborted),
 * every village-owned record is as it was; the engine stops pulling and tells the agent.
 */
export class StorageFullError extends Error {
  override name = 'StorageFullError';

  constructor(cause: unknown) {
    super('the kiosk is out of storage space: the county data could not be saved', { cause });
  }
}

/** A change whose value fails its stream's schema: the page is refused whole, nothing is written. */
export class PullDataError extends Error {
  override name = 'PullDataError';

  constructor(readonly stream: (typeof PULL_STREAMS)[number], readonly key: string, readonly reason: string) {
    super(`the county sent an unreadable ${stream} record "${key}": ${reason}`);
  }
}

const QUOTA = 'QuotaExceededError';
/** Dexie wraps the DOMException (AbortError.inner, BulkError.failures), sometimes twice. */
const MAX_DEPTH = 5;

/** True when the error, or one Dexie wrapped inside it, is IndexedDB's quota refusal. */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; inner?: unknown; failures?: unknown; cause?: unknown };
  if (e.name === QUOTA) return true;
  if (isQuotaExceeded(e.inner, depth + 1) || isQuotaExceeded(e.cause, depth + 1)) return true;
  const failures: unknown[] = Array.isArray(e.failures) ? e.failures : typeof e.failures === 'object' && e.failures !== null ? Object.values(e.failures) : [];
  return failures.some((f) => isQuotaExceeded(f, depth + 1));
}
