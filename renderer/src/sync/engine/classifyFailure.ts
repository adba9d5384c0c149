import { isQuotaExceeded, PullDataError, StorageFullError } from '../pull/pullErrors';
import { SyncHttpError } from '../syncClient';
import type { SyncErrorCode, SyncState } from './syncStatus';

/** What the engine does about a failed run. */
export interface FailureVerdict {
  state: SyncState;
  code: SyncErrorCode;
  /** Plain words for the agent (the county's own message for a refusal). */
  detail: string;
  /** 'backoff': try again later, waiting longer each time; 'interval': at the normal pace; 'never': until the agent acts. */
  retry: 'backoff' | 'interval' | 'never';
}

const MAX_DETAIL_CHARS = 500;

/**
 * Sorts any thrown value into the few cases the agent and the retry pacing care about. Anything not
 * recognised is retried with backoff: a bug must not turn into a tight loop, nor silence sync for good.
 */
export function classifyFailure(error: unknown): FailureVerdict {
  const detail = detailOf(error);
  if (error instanceof SyncHttpError) {
    switch (error.kind) {
      case 'network':
        return { state: 'offline', code: 'network', detail, retry: 'backoff' };
      case 'server':
        return { state: 'error', code: 'server', detail, retry: 'backoff' };
      case 'protocol':
        return { state: 'error', code: 'protocol', detail, retry: 'backoff' };
      case 'unauthorized':
        return { state: 'unauthorized', code: 'unauthorized', detail, retry: 'never' };
      case 'refused':
        // Resending the same request will not help; the normal pace still picks up a fix on either side.
        if (error.code === 'EPOCH_MISMATCH') return { state: 'error', code: 'epoch', detail, retry: 'backoff' };
        return { state: 'error', code: 'refused', detail, retry: 'interval' };
    }
  }
  if (isStorageFull(error)) return { state: 'storageFull', code: 'storageFull', detail, retry: 'interval' };
  if (error instanceof PullDataError) return { state: 'error', code: 'badData', detail, retry: 'backoff' };
  return { state: 'error', code: 'unexpected', detail, retry: 'backoff' };
}

/**
 * The pull's StorageFullError, or IndexedDB's own QuotaExceededError (wrapped by Dexie) from a write
 * outside the pull, e.g. marking outbox entries acknowledged.
 */
export function isStorageFull(error: unknown): boolean {
  return error instanceof StorageFullError || isQuotaExceeded(error);
}

export function isEpochMismatch(error: unknown): boolean {
  return error instanceof SyncHttpError && error.code === 'EPOCH_MISMATCH';
}

function detailOf(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return text.slice(0, MAX_DETAIL_CHARS);
}
