import { liveQuery, type Subscription } from 'dexie';
import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';

export interface UseLiveQueryOptions<T> {
  /** The Dexie query; re-run whenever the tables it read change, or a dependency changes. */
  query: () => Promise<T>;
  /** Reactive inputs of the query (route params, filters). */
  deps?: WatchSource[];
}

export interface UseLiveQueryReturn<T> {
  data: ShallowRef<T | undefined>;
  error: Ref<Error | null>;
  loading: Ref<boolean>;
}

/** A Dexie live query as Vue refs; the subscription ends with the component's scope. */
export function useLiveQuery<T>({ query, deps = [] }: UseLiveQueryOptions<T>): UseLiveQueryReturn<T> {
  const data = shallowRef<T | undefined>(undefined);
  const error = ref<Error | null>(null);
  const loading = ref(true);
  let subscription: Subscription | null = null;

  function subscribe(): void {
    subscription?.unsubscribe();
    loading.value = true;
    subscription = liveQuery(query).subscribe({
      next: (value) => {
        data.value = value;
        error.value = null;
        loading.value = false;
      },
      error: (err: unknown) => {
        error.value = err instanceof Error ? err : new Error(String(err));
        loading.value = false;
      },
    });
  }

  if (deps.length > 0) watch(deps, subscribe);
  subscribe();
  onScopeDispose(() => subscription?.unsubscribe());
  return { data, error, loading };
}
