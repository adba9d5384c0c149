/**
 * The few calls the sync bench makes into PouchDB and Express, which ship no type declarations
 * (and @types packages are not installed). Only what the bench uses, so a wrong call still fails typecheck.
 */
declare module 'pouchdb' {
  interface BulkResult { ok?: boolean; error?: string; id?: string }
  class PouchDB {
    constructor(name: string, options?: Record<string, unknown>);
    static defaults(options: Record<string, unknown>): typeof PouchDB;
    bulkDocs(docs: ReadonlyArray<Record<string, unknown>>): Promise<BulkResult[]>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    close(): Promise<void>;
  }
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  function expressPouchDB(pouch: unknown, options?: Record<string, unknown>): RequestListener;
  export default expressPouchDB;
}

declare module 'express' {
  import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
  type Next = (error?: unknown) => void;
  type Handler = ((req: IncomingMessage, res: ServerResponse, next: Next) => void) | RequestListener;
  interface Application extends RequestListener {
    use(handler: Handler): Application;
    use(path: string, handler: Handler): Application;
    listen(port: number, host: string, callback: () => void): Server;
  }
  interface Express {
    (): Application;
    static(root: string, options?: Record<string, unknown>): Handler;
  }
  const express: Express;
  export default express;
}

declare module 'pouchdb-browser' {
  interface ReplicationInfo { docs_written: number; docs: Array<{ _id: string }> }
  interface Replication extends PromiseLike<{ docs_written: number; status: string }> {
    on(event: 'change', listener: (info: ReplicationInfo) => void): Replication;
    on(event: 'complete', listener: (info: { docs_written: number; status: string }) => void): Replication;
    on(event: 'error', listener: (error: unknown) => void): Replication;
    cancel(): void;
  }
  class PouchDB {
    constructor(name: string, options?: Record<string, unknown>);
    static replicate(source: string | PouchDB, target: string | PouchDB, options?: Record<string, unknown>): Replication;
    get(id: string): Promise<Record<string, unknown>>;
    info(): Promise<{ doc_count: number }>;
    destroy(): Promise<void>;
  }
  export default PouchDB;
}
