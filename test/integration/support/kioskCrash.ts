import type { DBCore, DBCoreMutateRequest, DBCoreTransaction } from 'dexie';
import type { KioskDatabase } from '../../../renderer/src/db/schema';

/** What a killed renderer leaves: the write it was in the middle of fails, and its transaction with it. */
export class RendererKilled extends Error {
  override name = 'RendererKilled';
}

/** Which write of a transaction the kill hits: the n-th (1-based), or the pull cursor's (a page's last). */
export type KillPoint = number | 'cursor';

/**
 * A crash switch on one kiosk connection. When it fires, the write fails as if the process died
 * there: the open Dexie transaction aborts and IndexedDB rolls back everything it had written,
 * exactly what a killed renderer leaves on disk. Every later write on this connection fails too
 * (a dead process writes nothing more).
 *
 * Pull pages are found by their transactions (read-write over 'meta', where the cursor lives),
 * not by their answers arriving: the kiosk asks for the next page while it writes the current one.
 */
export interface CrashSwitch {
  /** Kills at the given write of the index-th pull-page transaction (0-based, counted from install). */
  killInPage(index: number, at: KillPoint): void;
  /** Kills at the n-th write from now on, whatever it is (1 = the very next one). */
  killAtWrite(n: number): void;
  readonly fired: boolean;
}

function writesPullCursor(request: DBCoreMutateRequest): boolean {
  return request.type === 'put' && request.values.some((value: unknown) => typeof value === 'object' && value !== null && (value as { key?: unknown }).key === 'pull');
}

export function installCrashSwitch(db: KioskDatabase): CrashSwitch {
  let fired = false;
  let countdown = Number.POSITIVE_INFINITY;
  let target: { index: number; at: KillPoint } | null = null;
  let pageTransactions = 0;
  const pageIndex = new WeakMap<DBCoreTransaction, { index: number; writes: number }>();

  function shouldKill(request: DBCoreMutateRequest): boolean {
    if (fired || --countdown <= 0) return true;
    const page = pageIndex.get(request.trans);
    if (!page || !target || page.index !== target.index) return false;
    page.writes++;
    return target.at === 'cursor' ? writesPullCursor(request) : page.writes >= target.at;
  }

  db.use({
    stack: 'dbcore',
    name: 'renderer-crash',
    create(down: DBCore): DBCore {
      return {
        ...down,
        transaction(stores, mode, options) {
          const trans = down.transaction(stores, mode, options);
          if (mode === 'readwrite' && stores.includes('meta')) pageIndex.set(trans, { index: pageTransactions++, writes: 0 });
          return trans;
        },
        table(name) {
          const table = down.table(name);
          return {
            ...table,
            mutate(request: DBCoreMutateRequest) {
              if (shouldKill(request)) {
                fired = true;
                return Promise.reject(new RendererKilled(`renderer killed while writing ${name}`));
              }
              return table.mutate(request);
            },
          };
        },
      };
    },
  });
  return {
    killInPage(index, at) {
      target = { index, at };
    },
    killAtWrite(n) {
      countdown = n;
    },
    get fired() {
      return fired;
    },
  };
}
