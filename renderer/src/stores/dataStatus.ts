import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { kioskDb } from '../db/kioskDb';
import { needsImport } from '../db/import/needsImport';
import { startCountyDataImport } from '../db/import/startImport';

export type DataPhase = 'checking' | 'validating' | 'writing' | 'ready' | 'empty' | 'error';

/** Where the county's published files are found: beside the app (web preview, Electron's app:// protocol). */
export const COUNTY_DATA_PATH = './demo/';

/** Progress of loading the county's published data into the kiosk database (UI state only). */
export const useDataStatusStore = defineStore('dataStatus', () => {
  const phase = ref<DataPhase>('checking');
  const rows = ref(0);
  const totalRows = ref(0);
  const errorMessage = ref('');
  const percent = computed(() => (totalRows.value > 0 ? Math.min(100, Math.floor((rows.value / totalRows.value) * 100)) : 0));
  const busy = computed(() => phase.value === 'checking' || phase.value === 'validating' || phase.value === 'writing');

  async function ensureData(): Promise<void> {
    try {
      if (!(await needsImport(kioskDb))) {
        phase.value = 'ready';
        return;
      }
      const baseUrl = new URL(COUNTY_DATA_PATH, window.location.href).toString();
      const probe = await fetch(new URL('manifest.json', baseUrl), { method: 'HEAD', cache: 'no-store' }).catch(() => null);
      if (!probe || !probe.ok) {
        phase.value = 'empty';
        return;
      }
      await startCountyDataImport({
        baseUrl,
        onProgress: (p) => {
          phase.value = p.phase;
          rows.value = p.rows;
          totalRows.value = p.totalRows;
        },
      });
      phase.value = 'ready';
    } catch (error) {
      errorMessage.value = error instanceof Error ? error.message : String(error);
      phase.value = 'error';
    }
  }

  return { phase, rows, totalRows, percent, busy, errorMessage, ensureData };
});
