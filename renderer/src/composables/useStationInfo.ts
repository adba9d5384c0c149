import { computed, type ComputedRef } from 'vue';
import { kioskDb } from '../db/kioskDb';
import { getMeta } from '../db/queries/meta';
import { useLiveQuery } from './useLiveQuery';

export interface StationInfo {
  villageName: ComputedRef<string>;
  dataAsOf: ComputedRef<string | null>;
}

/** The station's own village and the date of the county data it holds. */
export function useStationInfo(): StationInfo {
  const { data } = useLiveQuery({
    query: async () => {
      const [county, scope, dataAsOf] = await Promise.all([getMeta(kioskDb, 'county'), getMeta(kioskDb, 'scope'), getMeta(kioskDb, 'dataAsOf')]);
      return { county, scope, dataAsOf };
    },
  });
  const villageName = computed(() => {
    const value = data.value;
    if (!value?.county || !value.scope) return '';
    const scope = value.scope;
    if (scope.villageCode) return value.county.villages.find((v) => v.code === scope.villageCode)?.name ?? '';
    return value.county.townships.find((t) => t.code === scope.townshipCode)?.name ?? '';
  });
  const dataAsOf = computed(() => data.value?.dataAsOf ?? null);
  return { villageName, dataAsOf };
}
