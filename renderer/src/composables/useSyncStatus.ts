import { storeToRefs } from 'pinia';
import type { Ref } from 'vue';
import { useSyncStatusStore } from '../stores/syncStatus';
import type { SyncStatus } from '../sync/engine/syncStatus';

export interface UseSyncStatus {
  status: Ref<SyncStatus>;
  storagePersisted: Ref<boolean | null>;
  syncNow: () => void;
}

/** The county sync's status for a component, as refs; the store owns the worker. */
export function useSyncStatus(): UseSyncStatus {
  const store = useSyncStatusStore();
  const { status, storagePersisted } = storeToRefs(store);
  return { status, storagePersisted, syncNow: store.syncNow };
}
