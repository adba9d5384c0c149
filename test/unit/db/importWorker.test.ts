import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../../renderer/src/db/import/importError';
import { runImportRequest } from '../../../renderer/src/db/import/runImportRequest';
import { startCountyDataImport, type ImportWorkerPort } from '../../../renderer/src/db/import/startImport';
import { importWorkerMessageSchema, type ImportWorkerMessage, type StartImportMessage } from '../../../renderer/src/db/import/workerMessages';
import { KioskDatabase } from '../../../renderer/src/db/schema';
import { countyFiles, rows, VILLAGE_A1 } from './support/countyFixture';
import { fakeFetch } from './support/fakeFetch';

const BASE = 'http://127.0.0.1:4173/demo/';
let opened: KioskDatabase[] = [];
afterEach(() => {
  opened.forEach((db) => db.close());
  opened = [];
});

describe('the import worker', () => {
  it('imports from a base URL, posting progress then a result, all well-formed messages', async () => {
    const posted: ImportWorkerMessage[] = [];
    const { fetch } = fakeFetch(BASE, countyFiles(), 101);
    await runImportRequest({ type: 'start', baseUrl: BASE, databaseName: 'worker-ok' }, (m) => posted.push(m), fetch);
    expect(posted.every((m) => importWorkerMessageSchema.safeParse(m).success)).toBe(true);
    const last = posted.at(-1);
    expect(last?.type).toBe('result');
    expect(posted.filter((m) => m.type === 'progress').length).toBeGreaterThan(1);
    const expected = rows.filter((r) => r.villageCode === VILLAGE_A1).length;
    if (last?.type === 'result') expect(last.result.disbursements).toBe(expected);
    const db = new KioskDatabase('worker-ok');
    opened.push(db);
    expect(await db.disbursements.count()).toBe(expected);
  });

  it('posts an error naming the file when the data is bad', async () => {
    const posted: ImportWorkerMessage[] = [];
    const { ['notices.json']: _gone, ...files } = countyFiles();
    await runImportRequest({ type: 'start', baseUrl: BASE, databaseName: 'worker-bad' }, (m) => posted.push(m), fakeFetch(BASE, files).fetch);
    expect(posted).toEqual([{ type: 'error', error: { code: 'MISSING_FILE', file: 'notices.json', reason: 'the file is missing' } }]);
  });

  it('refuses a malformed request without touching any database', async () => {
    const posted: ImportWorkerMessage[] = [];
    const { fetch, requested } = fakeFetch(BASE, countyFiles());
    await runImportRequest({ type: 'start', baseUrl: 'not a url' }, (m) => posted.push(m), fetch);
    await runImportRequest({ type: 'go', baseUrl: BASE }, (m) => posted.push(m), fetch);
    expect(posted.map((m) => m.type)).toEqual(['error', 'error']);
    expect(requested).toEqual([]);
  });
});

/** Stands in for `new Worker(...)`: answers the start message by running the request in-process. */
function inProcessWorker(fetchImpl: typeof fetch, tamper?: (m: ImportWorkerMessage) => unknown): ImportWorkerPort & { terminated: boolean; started: StartImportMessage[] } {
  const listeners: Array<(event: MessageEvent<unknown>) => void> = [];
  const port = {
    terminated: false,
    started: [] as StartImportMessage[],
    postMessage(message: StartImportMessage) {
      port.started.push(message);
      void runImportRequest(structuredClone(message), (m) => listeners.forEach((l) => l({ data: structuredClone(tamper ? tamper(m) : m) } as MessageEvent<unknown>)), fetchImpl);
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      if (type === 'message') listeners.push(listener as (event: MessageEvent<unknown>) => void);
    },
    terminate() {
      port.terminated = true;
    },
  };
  return port;
}

describe('startCountyDataImport', () => {
  it('resolves with the result, relays progress and ends the worker', async () => {
    const worker = inProcessWorker(fakeFetch(BASE, countyFiles()).fetch);
    const progress: string[] = [];
    const result = await startCountyDataImport({ baseUrl: BASE, databaseName: 'start-ok', onProgress: (p) => progress.push(p.phase) }, () => worker);
    expect(result.fileRows).toBe(rows.length);
    expect(progress).toContain('validating');
    expect(progress).toContain('writing');
    expect(worker.terminated).toBe(true);
    expect(worker.started).toEqual([{ type: 'start', baseUrl: BASE, databaseName: 'start-ok' }]);
    opened.push(new KioskDatabase('start-ok'));
  });

  it('rejects with an ImportError carrying file, line and reason', async () => {
    const files = countyFiles();
    files['disbursements.csv'] = (files['disbursements.csv'] ?? '').replace('已发放', '已付');
    const worker = inProcessWorker(fakeFetch(BASE, files).fetch);
    const error = await startCountyDataImport({ baseUrl: BASE, databaseName: 'start-bad' }, () => worker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'INVALID_DATA', file: 'disbursements.csv', line: 2 });
    expect((error as ImportError).message).toMatch(/^disbursements.csv line 2: status "已付" is not one of/);
    expect(worker.terminated).toBe(true);
  });

  it('rejects a message from the worker that does not parse', async () => {
    const worker = inProcessWorker(fakeFetch(BASE, countyFiles()).fetch, () => ({ type: 'result', result: { rows: 'many' } }));
    await expect(startCountyDataImport({ baseUrl: BASE, databaseName: 'start-garbled' }, () => worker)).rejects.toThrow(/unreadable message/);
    expect(worker.terminated).toBe(true);
  });
});
