import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { kioskDb } from '../../db/kioskDb';
import { getMeta } from '../../db/queries/meta';

export interface FundsScope {
  /** "本村" or "本乡镇": what the paid totals on these screens cover. */
  scopeLabel: ComputedRef<string>;
  /** True when the kiosk holds a whole township, so group numbers need their village's name. */
  multiVillage: ComputedRef<boolean>;
  villageName: (villageCode: string) => string;
  /** The county's publication date: the fund screens never judge progress by the kiosk's clock. */
  dataAsOf: ComputedRef<string | null>;
}

export function useFundsScope(): FundsScope {
  const { t } = useI18n();
  const { data } = useLiveQuery({
    query: async () => {
      const [scope, county, dataAsOf] = await Promise.all([getMeta(kioskDb, 'scope'), getMeta(kioskDb, 'county'), getMeta(kioskDb, 'dataAsOf')]);
      return { scope, county, dataAsOf };
    },
  });
  const multiVillage = computed(() => data.value?.scope !== undefined && data.value.scope.villageCode === null);
  const scopeLabel = computed(() => (multiVillage.value ? t('programs.scope.township') : t('programs.scope.village')));
  const villageNames = computed(() => new Map((data.value?.county?.villages ?? []).map((v) => [v.code, v.name])));
  const dataAsOf = computed(() => data.value?.dataAsOf ?? null);
  return { scopeLabel, multiVillage, villageName: (code) => villageNames.value.get(code) ?? code, dataAsOf };
}
