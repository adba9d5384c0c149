import { describe, expect, it } from 'vitest';
import { useKeysetList, type KeysetPage } from '../../../server/dashboard/src/composables/useKeysetList';

/** A page answer the test releases by hand, to order answers against each other. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useKeysetList', () => {
  it('appends pages by cursor and stops when the server says there are no more', async () => {
    const asked: Array<string | undefined> = [];
    const pages: Record<string, KeysetPage<number>> = {
      first: { rows: [1, 2], nextCursor: 'c2' },
      c2: { rows: [3], nextCursor: null },
    };
    const list = useKeysetList<number>(async (cursor) => {
      asked.push(cursor);
      const page = pages[cursor ?? 'first'];
      if (!page) throw new Error(`unexpected cursor ${cursor}`);
      return page;
    });
    expect(list.loaded.value).toBe(false);
    await list.reload();
    expect(list.rows.value).toEqual([1, 2]);
    expect(list.hasMore.value).toBe(true);
    await list.loadMore();
    expect(list.rows.value).toEqual([1, 2, 3]);
    expect(list.hasMore.value).toBe(false);
    // Nothing more to ask for: no request.
    await list.loadMore();
    expect(asked).toEqual([undefined, 'c2']);
  });

  it('drops an answer that a newer reload overtook (a filter changed while a page was loading)', async () => {
    const answers = [deferred<KeysetPage<string>>(), deferred<KeysetPage<string>>()];
    let call = 0;
    const list = useKeysetList<string>(() => {
      const answer = answers[call++];
      if (!answer) throw new Error('too many requests');
      return answer.promise;
    });
    const stale = list.reload();
    const fresh = list.reload();
    answers[1]?.resolve({ rows: ['new filter'], nextCursor: null });
    await fresh;
    answers[0]?.resolve({ rows: ['old filter'], nextCursor: 'old' });
    await stale;
    expect(list.rows.value).toEqual(['new filter']);
    expect(list.hasMore.value).toBe(false);
    expect(list.loading.value).toBe(false);
  });

  it('keeps the rows it has and reports the error when a page fails; the next success clears it', async () => {
    let fail = false;
    const list = useKeysetList<number>(async (cursor) => {
      if (fail) throw new Error('county unreachable');
      return { rows: cursor === undefined ? [1] : [2], nextCursor: cursor === undefined ? 'next' : null };
    });
    await list.reload();
    fail = true;
    await list.loadMore();
    expect(list.rows.value).toEqual([1]);
    expect((list.error.value as Error).message).toBe('county unreachable');
    expect(list.hasMore.value).toBe(true);
    fail = false;
    await list.loadMore();
    expect(list.rows.value).toEqual([1, 2]);
    expect(list.error.value).toBeNull();
  });

  it('replaces a row in place after a write answered it', async () => {
    const list = useKeysetList<{ id: string; state: string }>(async () => ({ rows: [{ id: 'a', state: 'open' }, { id: 'b', state: 'open' }], nextCursor: null }));
    await list.reload();
    list.replace((row) => row.id === 'b', { id: 'b', state: 'answered' });
    expect(list.rows.value).toEqual([{ id: 'a', state: 'open' }, { id: 'b', state: 'answered' }]);
  });
});
