import '../../zodCsp';
import { createSyncWorkerHost } from './syncWorkerHost';
import type { SyncWorkerMessage } from './workerMessages';

// The renderer is typed with the DOM library, which cannot be mixed with the WebWorker one: this is
// all of the worker global the sync needs.
interface SyncWorkerScope {
  postMessage(message: SyncWorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'online', listener: () => void): void;
}

// A first sync writes up to a million rows: here, not on the thread that draws the kiosk's screen.
const workerScope = self as unknown as SyncWorkerScope;
const host = createSyncWorkerHost({ post: (message) => workerScope.postMessage(message) });

workerScope.addEventListener('message', (event) => host.handle(event.data));
// Workers see connectivity changes too; the page forwards its own as well, and a duplicate kick is
// absorbed by the engine's single flight.
workerScope.addEventListener('online', () => host.handle({ type: 'kick', reason: 'online' }));
