import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';

export interface KeysetPage<T> {
  rows: T[];
  nextCursor: string | null;
}

export interface KeysetList<T> {
  rows: ShallowRef<readonly T[]>;
  loading: Ref<boolean>;
  /** The last failure (cleared by the next successful load). */
  error: ShallowRef<unknown>;
  /** True once the first page has answered, so "no rows" can be told from "not loaded yet". */
  loaded: Ref<boolean>;
  hasMore: ComputedRef<boolean>;
  /** Drops what was loaded and fetches the first page (after a filter change). */
  reload(): Promise<void>;
  /** Appends the next page. */
  loadMore(): Promise<void>;
  /** Replaces one row in place (after a write answered the updated row). */
  replace(match: (row: T) => boolean, next: T): void;
}

/**
 * A list read page by page with the server's keyset cursor ("load more", never offsets: pages stay
 * stable while the villages keep syncing). A reload while a page is in flight wins: the stale answer is dropped.
 */
export function useKeysetList<T>(fetchPage: (cursor: string | undefined) => Promise<KeysetPage<T>>): KeysetList<T> {
  const rows = shallowRef<readonly T[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<unknown>(null);
  const cursor = ref<string | null>(null);
  let generation = 0;

  async function load(from: string | undefined, append: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await fetchPage(from);
      if (mine !== generation) return;
      rows.value = append ? [...rows.value, ...page.rows] : page.rows;
      cursor.value = page.nextCursor;
      error.value = null;
      loaded.value = true;
    } catch (caught) {
      if (mine === generation) error.value = caught;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  return {
    rows,
    loading,
    error,
    loaded,
    hasMore: computed(() => cursor.value !== null),
    reload: () => {
      cursor.value = null;
      return load(undefined, false);
    },
    loadMore: async () => {
      if (cursor.value === null || loading.value) return;
      await load(cursor.value, true);
    },
    replace: (match, next) => {
      rows.value = rows.value.map((row) => (match(row) ? next : row));
    },
  };
}
