import { KioskDatabase } from '../schema';
import { createFetchSource } from './fetchSource';
import { ImportError } from './importError';
import { importCountyData } from './importCountyData';
import { startImportMessageSchema, type ImportWorkerMessage } from './workerMessages';

/**
 * What the import worker does with one message, apart from the worker globals so it can be
 * tested: parse the request, import, and answer with progress, a result or an error.
 */
export async function runImportRequest(data: unknown, post: (message: ImportWorkerMessage) => void, fetchImpl: typeof fetch = fetch): Promise<void> {
  const request = startImportMessageSchema.safeParse(data);
  if (!request.success) {
    post({ type: 'error', error: { code: 'INVALID_DATA', file: '(request)', reason: `bad import request: ${request.error.issues[0]?.message ?? 'invalid'}` } });
    return;
  }
  const { baseUrl, scope, databaseName } = request.data;
  const db = new KioskDatabase(databaseName);
  try {
    const result = await importCountyData(db, createFetchSource(baseUrl, fetchImpl), {
      ...(scope === undefined ? {} : { scope }),
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'result', result });
  } catch (error) {
    const details =
      error instanceof ImportError
        ? error.toDetails()
        : { code: 'WRITE_FAILED' as const, file: '(import)', reason: error instanceof Error ? error.message : String(error) };
    post({ type: 'error', error: details });
  } finally {
    db.close();
  }
}
