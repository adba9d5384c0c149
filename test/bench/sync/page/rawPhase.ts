export interface RawConfig {
  chunkCount: number;
}

export interface RawResult {
  rows: number;
  /** Time inside IndexedDB write transactions only: fetching and parsing the chunks is not counted. */
  writeMs: number;
}

const DB_NAME = 'bench-sync-raw';
const STORE = 'disbursements';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function deleteDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

/** The kiosk's disbursements store exactly: key 'id', indexes householdKey and [programId+rank] (as Dexie names them). */
function openDatabase(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    const store = req.result.createObjectStore(STORE, { keyPath: 'id' });
    store.createIndex('householdKey', 'householdKey');
    store.createIndex('[programId+rank]', ['programId', 'rank']);
  };
  return request(req);
}

function writeChunk(db: IDBDatabase, rows: readonly unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const row of rows) store.put(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** The local ceiling: the same records put straight into IndexedDB, one transaction per chunk. */
export async function runRaw(config: RawConfig): Promise<RawResult> {
  await deleteDatabase();
  const db = await openDatabase();
  let writeMs = 0;
  let rows = 0;
  try {
    for (let i = 0; i < config.chunkCount; i++) {
      const response = await fetch(`./chunks/chunk-${String(i).padStart(5, '0')}.json`);
      const chunk = (await response.json()) as unknown[];
      const began = performance.now();
      await writeChunk(db, chunk);
      writeMs += performance.now() - began;
      rows += chunk.length;
      if (i % 40 === 39) console.log(`raw: ${rows} rows, ${Math.round(writeMs / 1000)} s writing`);
    }
    const stored = await request(db.transaction(STORE).objectStore(STORE).count());
    if (stored !== rows) throw new Error(`raw store holds ${stored} rows, wrote ${rows}`);
    return { rows, writeMs };
  } finally {
    db.close();
    await deleteDatabase();
  }
}
