import type { KioskScope } from '../../../../shared/demo/manifest';
import { ImportError } from './importError';
import type { ImportProgress, ImportResult } from './importResult';
import { importWorkerMessageSchema, type StartImportMessage } from './workerMessages';

export interface StartImportOptions {
  /** Where the county's files are, relative to the page or absolute. */
  baseUrl: string;
  onProgress?: (p: ImportProgress) => void;
  scope?: KioskScope;
  /** Another database than the app's (tests, the bench). */
  databaseName?: string;
}

/** Minimal view of a Worker, so the message handling can be driven without a browser. */
export interface ImportWorkerPort {
  postMessage(message: StartImportMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

function createImportWorker(): ImportWorkerPort {
  return new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
}

/** Runs an import in a Web Worker; resolves with its result or rejects with an ImportError. */
export function startCountyDataImport(options: StartImportOptions, createWorker: () => ImportWorkerPort = createImportWorker): Promise<ImportResult> {
  return new Promise<ImportResult>((resolve, reject) => {
    // Resolved here: the worker's own URL is not the page's, so a relative base would point elsewhere.
    const baseUrl = new URL(options.baseUrl, globalThis.location?.href).href;
    const worker = createWorker();
    const finish = (outcome: () => void) => {
      worker.terminate();
      outcome();
    };
    worker.addEventListener('message', (event) => {
      const message = importWorkerMessageSchema.safeParse(event.data);
      if (!message.success) {
        finish(() => reject(new ImportError({ code: 'WRITE_FAILED', file: '(worker)', reason: 'the import worker sent an unreadable message' })));
        return;
      }
      const m = message.data;
      if (m.type === 'progress') options.onProgress?.(m.progress);
      else if (m.type === 'result') finish(() => resolve(m.result));
      else finish(() => reject(new ImportError(m.error)));
    });
    worker.addEventListener('error', (event) => {
      finish(() => reject(new ImportError({ code: 'WRITE_FAILED', file: '(worker)', reason: `the import worker failed: ${event.message}` })));
    });
    const start: StartImportMessage = {
      type: 'start',
      baseUrl,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      ...(options.databaseName === undefined ? {} : { databaseName: options.databaseName }),
    };
    worker.postMessage(start);
  });
}
