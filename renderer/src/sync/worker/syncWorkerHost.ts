import { KioskDatabase } from '../../db/schema';
import { KIOSK_VERSION } from '../../kioskVersion';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../engine/syncEngine';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../syncClient';
import { syncWorkerRequestSchema, type SyncWorkerMessage } from './workerMessages';

export interface SyncWorkerHostDeps {
  post: (message: SyncWorkerMessage) => void;
  openDatabase?: (name: string | undefined) => KioskDatabase;
  createClient?: (options: SyncClientOptions) => SyncClient;
  createEngine?: (options: SyncEngineOptions) => SyncEngine;
  /** Where a refused message is reported (the worker's console). */
  log?: (reason: string) => void;
}

export interface SyncWorkerHost {
  /** One message from the page, still unknown: it is parsed before anything is done with it. */
  handle(data: unknown): void;
  /** The engine now running, if any (tests). */
  engine(): SyncEngine | null;
}

/**
 * The worker's message handling, apart from the worker global so that it runs in Node tests: the
 * page's messages are a boundary, parsed; a bad one is logged with its reason and changes nothing.
 */
export function createSyncWorkerHost(deps: SyncWorkerHostDeps): SyncWorkerHost {
  const openDatabase = deps.openDatabase ?? ((name) => new KioskDatabase(name));
  const createClient = deps.createClient ?? createSyncClient;
  const createEngine = deps.createEngine ?? createSyncEngine;
  const log = deps.log ?? ((reason) => console.warn(`sync worker: ${reason}`));
  let current: { engine: SyncEngine; db: KioskDatabase } | null = null;

  function stopCurrent(): void {
    if (!current) return;
    current.engine.stop();
    current.db.close();
    current = null;
  }

  function handle(data: unknown): void {
    const parsed = syncWorkerRequestSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      log(`ignored a message: ${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'unreadable'}`);
      return;
    }
    const request = parsed.data;
    if (request.type === 'start') {
      // New credentials (enrolled again) replace the old engine; never two engines on one outbox.
      stopCurrent();
      const db = openDatabase(request.databaseName);
      const { enrollment, token } = request.credentials;
      const client = createClient({ baseUrl: enrollment.countyUrl, token, kioskVersion: KIOSK_VERSION });
      const engine = createEngine({ db, client, deviceId: enrollment.deviceId, enrolledEpoch: enrollment.epoch, villageCode: enrollment.villageCode, onStatus: (status) => deps.post({ type: 'status', status }) });
      current = { engine, db };
      engine.start();
      return;
    }
    if (request.type === 'stop') {
      stopCurrent();
      return;
    }
    if (!current) {
      log(`ignored "${request.type}": sync has not been started`);
      return;
    }
    if (request.type === 'syncNow') void current.engine.syncNow();
    else current.engine.kick(request.reason);
  }

  return { handle, engine: () => current?.engine ?? null };
}
