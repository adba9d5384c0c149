import { describe, expect, it } from 'vitest';
import { BeneficiaryPageCache } from '../../../renderer/src/components/funds/beneficiaryPageCache';

interface Row {
  rank: number;
  name: string;
}

function setup(options: { total: number; pageSize: number; maxPages: number; fail?: (start: number) => boolean }) {
  const loads: [number, number][] = [];
  const pending: (() => void)[] = [];
  let changes = 0;
  const cache = new BeneficiaryPageCache<Row>({
    pageSize: options.pageSize,
    maxPages: options.maxPages,
    load: (start, count) => {
      loads.push([start, count]);
      return new Promise<Row[]>((resolve, reject) => {
        pending.push(() => {
          if (options.fail?.(start)) return reject(new Error(`page at ${start} failed`));
          const rows: Row[] = [];
          for (let rank = start; rank < Math.min(options.total, start + count); rank++) rows.push({ rank, name: `row ${rank}` });
          resolve(rows);
        });
      });
    },
    onChange: () => changes++,
  });
  const settle = async () => {
    while (pending.length > 0) pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { cache, loads, settle, changes: () => changes };
}

describe('beneficiary page cache', () => {
  it('fetches only the pages covering the requested ranks, once each', async () => {
    const { cache, loads, settle, changes } = setup({ total: 100_000, pageSize: 100, maxPages: 10 });
    cache.request(250, 420);
    cache.request(250, 420);
    expect(loads).toEqual([[200, 100], [300, 100], [400, 100]]);
    expect(cache.rowAt(250)).toBeUndefined();
    await settle();
    expect(changes()).toBe(3);
    expect(cache.rowAt(250)).toEqual({ rank: 250, name: 'row 250' });
    expect(cache.rowAt(499)).toEqual({ rank: 499, name: 'row 499' });
    cache.request(300, 350);
    expect(loads).toHaveLength(3);
  });

  it('reads deep into a 100,000-row list without touching the pages before it', async () => {
    const { cache, loads, settle } = setup({ total: 100_000, pageSize: 100, maxPages: 10 });
    cache.request(99_950, 99_999);
    await settle();
    expect(loads).toEqual([[99_900, 100]]);
    expect(cache.rowAt(99_999)?.name).toBe('row 99999');
  });

  it('keeps at most maxPages pages, dropping the least recently used but never the ones on screen', async () => {
    const { cache, settle } = setup({ total: 10_000, pageSize: 10, maxPages: 3 });
    for (const start of [0, 10, 20]) {
      cache.request(start, start + 5);
      await settle();
    }
    cache.request(0, 5); // page 0 is now the most recently used
    cache.request(30, 45); // pages 3 and 4 on screen
    await settle();
    expect(cache.cachedPageCount).toBe(3);
    expect(cache.isLoaded(35)).toBe(true);
    expect(cache.isLoaded(45)).toBe(true);
    expect(cache.isLoaded(0)).toBe(true);
    expect(cache.isLoaded(10)).toBe(false);
    expect(cache.isLoaded(20)).toBe(false);
  });

  it('reports a failed page and tries it again on the next request', async () => {
    let failing = true;
    const { cache, loads, settle } = setup({ total: 1_000, pageSize: 100, maxPages: 5, fail: () => failing });
    cache.request(0, 10);
    await settle();
    expect(cache.error?.message).toBe('page at 0 failed');
    expect(cache.isLoaded(0)).toBe(false);
    failing = false;
    cache.request(0, 10);
    await settle();
    expect(loads).toHaveLength(2);
    expect(cache.error).toBeNull();
    expect(cache.rowAt(5)?.name).toBe('row 5');
  });

  it('ignores answers to requests made before clear()', async () => {
    const { cache, settle, changes } = setup({ total: 1_000, pageSize: 100, maxPages: 5 });
    cache.request(0, 10);
    cache.clear();
    await settle();
    expect(changes()).toBe(0);
    expect(cache.isLoaded(0)).toBe(false);
  });

  it('leaves a gap in the data empty instead of shifting rows', async () => {
    const cache = new BeneficiaryPageCache<Row>({
      pageSize: 10,
      maxPages: 2,
      load: async () => [{ rank: 0, name: 'a' }, { rank: 2, name: 'c' }],
      onChange: () => undefined,
    });
    cache.request(0, 3);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.rowAt(1)).toBeUndefined();
    expect(cache.isLoaded(1)).toBe(true);
    expect(cache.rowAt(2)?.name).toBe('c');
  });

  it('rejects sizes that cannot page', () => {
    const load = async () => [];
    expect(() => new BeneficiaryPageCache<Row>({ pageSize: 0, maxPages: 1, load, onChange: () => undefined })).toThrow();
    expect(() => new BeneficiaryPageCache<Row>({ pageSize: 10, maxPages: 0, load, onChange: () => undefined })).toThrow();
  });
});
