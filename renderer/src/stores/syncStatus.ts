import { liveQuery, type Subscription } from 'dexie';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { syncCredentialsSchema, type SyncCredentials } from '../../../shared/ipc/syncEnrollment';
import { getBridge } from '../bridge';
import { kioskDb } from '../db/kioskDb';
import type { KioskDatabase } from '../db/schema';
import { NOT_ENROLLED_STATUS, type SyncStatus } from '../sync/engine/syncStatus';
import { syncWorkerMessageSchema, type SyncWorkerRequest } from '../sync/worker/workerMessages';

/** Minimal view of a Worker, so the store can be driven without a browser. */
export interface SyncWorkerPort {
  postMessage(message: SyncWorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export interface StartSyncOptions {
  createWorker?: () => SyncWorkerPort;
  /** The enrolled credentials, or null; by default asked from the bridge. */
  getCredentials?: () => Promise<SyncCredentials | null>;
  db?: KioskDatabase;
  /** Another database than the app's, opened by the worker under this name (tests). */
  databaseName?: string;
}

function createSyncWorker(): SyncWorkerPort {
  return new Worker(new URL('../sync/worker/syncWorker.ts', import.meta.url), { type: 'module' });
}

async function credentialsFromBridge(): Promise<SyncCredentials | null> {
  const result = await getBridge().getSyncCredentials();
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  // Parsed again: the token is about to cross into a worker and the county URL into fetch.
  return syncCredentialsSchema.nullable().parse(result.value);
}

/**
 * The county sync as the UI sees it. The engine runs in a Web Worker; this store starts it when the
 * kiosk is enrolled, forwards the triggers only the page sees (new records, reconnect, "sync now")
 * and holds the last status the worker posted.
 */
export const useSyncStatusStore = defineStore('syncStatus', () => {
  const status = shallowRef<SyncStatus>(NOT_ENROLLED_STATUS);
  /** The browser's answer to navigator.storage.persist(); null before asking or where it cannot be asked. */
  const storagePersisted = ref<boolean | null>(null);
  const enrolled = computed(() => status.value.state !== 'notEnrolled');
  let worker: SyncWorkerPort | null = null;
  let outboxWatch: Subscription | null = null;
  let stopOnline: (() => void) | null = null;
  let persistAsked = false;

  function post(message: SyncWorkerRequest): void {
    worker?.postMessage(message);
  }

  async function startSync(options: StartSyncOptions = {}): Promise<void> {
    if (worker) return;
    void askPersistentStorage();
    let credentials: SyncCredentials | null;
    try {
      credentials = await (options.getCredentials ?? credentialsFromBridge)();
    } catch (error) {
      status.value = { ...NOT_ENROLLED_STATUS, lastErrorCode: 'unexpected', lastError: error instanceof Error ? error.message : String(error) };
      return;
    }
    // Two calls racing past the first check: the first one to get here starts the worker.
    if (worker) return;
    if (!credentials) {
      status.value = NOT_ENROLLED_STATUS;
      return;
    }
    const started = (options.createWorker ?? createSyncWorker)();
    worker = started;
    started.addEventListener('message', (event) => {
      const message = syncWorkerMessageSchema.safeParse(event.data);
      if (!message.success) {
        console.warn('sync worker sent an unreadable message:', message.error.issues[0]?.message);
        return;
      }
      if (worker === started) status.value = message.data.status;
    });
    started.addEventListener('error', (event) => {
      if (worker === started) status.value = { ...status.value, state: 'error', lastErrorCode: 'unexpected', lastError: event.message || 'the sync worker failed' };
    });
    started.postMessage({ type: 'start', credentials, ...(options.databaseName === undefined ? {} : { databaseName: options.databaseName }) });
    watchOutbox(options.db ?? kioskDb);
    watchOnline();
  }

  /** A record written on this page grows the pending count: the worker is told to push it. */
  function watchOutbox(db: KioskDatabase): void {
    let lastPending: number | null = null;
    outboxWatch = liveQuery(() => db.outbox.where('state').equals('pending').count()).subscribe({
      next: (pending) => {
        if (lastPending !== null && pending > lastPending) post({ type: 'kick', reason: 'records' });
        lastPending = pending;
      },
      error: (error: unknown) => console.warn('sync: watching the outbox failed:', error),
    });
  }

  function watchOnline(): void {
    if (typeof window === 'undefined') return;
    const onOnline = (): void => post({ type: 'kick', reason: 'online' });
    window.addEventListener('online', onOnline);
    stopOnline = () => window.removeEventListener('online', onOnline);
  }

  /**
   * Without persistence the browser may evict the kiosk's database under storage pressure, village
   * records included. Asked once; the answer is shown to the agent.
   */
  async function askPersistentStorage(): Promise<void> {
    if (persistAsked) return;
    persistAsked = true;
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.persist) return;
    try {
      storagePersisted.value = (await storage.persisted?.()) === true ? true : await storage.persist();
    } catch {
      storagePersisted.value = false;
    }
  }

  function syncNow(): void {
    post({ type: 'syncNow' });
  }

  function stopSync(): void {
    outboxWatch?.unsubscribe();
    outboxWatch = null;
    stopOnline?.();
    stopOnline = null;
    if (worker) {
      worker.postMessage({ type: 'stop' });
      worker.terminate();
      worker = null;
    }
    status.value = NOT_ENROLLED_STATUS;
  }

  /** After enrolling (new credentials) or forgetting the enrollment. */
  async function restartSync(options: StartSyncOptions = {}): Promise<void> {
    stopSync();
    await startSync(options);
  }

  return { status, storagePersisted, enrolled, startSync, syncNow, stopSync, restartSync };
});
