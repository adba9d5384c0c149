import '../../zodCsp';
import { runImportRequest } from './runImportRequest';
import type { ImportWorkerMessage } from './workerMessages';

// The renderer is typed with the DOM library, which cannot be mixed with the WebWorker one: this
// is all of the worker global the import needs.
interface ImportWorkerScope {
  postMessage(message: ImportWorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

// Parsing a million CSV rows and writing them would freeze the kiosk's screen: it runs here.
const workerScope = self as unknown as ImportWorkerScope;
let busy = false;

workerScope.addEventListener('message', (event) => {
  const post = (message: ImportWorkerMessage) => workerScope.postMessage(message);
  if (busy) {
    post({ type: 'error', error: { code: 'WRITE_FAILED', file: '(request)', reason: 'an import is already running' } });
    return;
  }
  busy = true;
  void runImportRequest(event.data, post).finally(() => {
    busy = false;
  });
});
