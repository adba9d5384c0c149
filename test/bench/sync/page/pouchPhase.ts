import PouchDB from 'pouchdb-browser';

export interface PouchConfig {
  dbUrl: string;
  budgetMs: number;
  batchSize: number;
}

export interface PouchResult {
  ms: number;
  docsStored: number;
  /** The budget ran out before replication finished: the rate is over what it did. */
  timedOut: boolean;
  /** From the start until the first replicated document could be read back. */
  firstReadableMs: number | null;
}

const DB_NAME = 'bench-sync-pouch';

/** PouchDB's own one-shot replication from the CouchDB-protocol server into IndexedDB. */
export async function runPouch(config: PouchConfig): Promise<PouchResult> {
  await new PouchDB(DB_NAME).destroy();
  const local = new PouchDB(DB_NAME);
  const began = performance.now();
  let firstReadableMs: number | null = null;
  let timedOut = false;
  let lastLog = 0;
  const replication = PouchDB.replicate(config.dbUrl, local, { batch_size: config.batchSize });
  replication.on('change', (info) => {
    const now = performance.now() - began;
    if (now - lastLog > 10_000) {
      lastLog = now;
      console.log(`pouch: ${info.docs_written} docs in ${Math.round(now / 1000)} s`);
    }
    const first = info.docs[0];
    if (firstReadableMs === null && first !== undefined) {
      local.get(first._id).then(() => {
        firstReadableMs ??= performance.now() - began;
      }, () => undefined);
    }
  });
  const timer = setTimeout(() => {
    timedOut = true;
    replication.cancel();
  }, config.budgetMs);
  try {
    await new Promise<void>((resolve, reject) => {
      replication.on('complete', () => resolve());
      replication.on('error', (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))));
    });
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - began;
  const { doc_count: docsStored } = await local.info();
  await local.destroy();
  return { ms, docsStored, timedOut, firstReadableMs };
}
