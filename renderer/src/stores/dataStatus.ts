import { defineStore } from 'pinia';
import { liveQuery, type Subscription } from 'dexie';
import { computed, ref } from 'vue';
import { kioskDb } from '../db/kioskDb';
import { needsImport } from '../db/import/needsImport';
import { startCountyDataImport } from '../db/import/startImport';
import { DEMO_AGENTS_FILE } from '../../../shared/agents/demoAgentsFile';
import { getBridge } from '../bridge';
import { readPullState, type PullState } from '../sync/pull/pullState';
import { provisionFromFile } from '../sync/provisioning';

/** 'syncing': an enrolled kiosk whose first sync from the county has not finished (what arrived is usable). */
export type DataPhase = 'checking' | 'validating' | 'writing' | 'syncing' | 'ready' | 'empty' | 'error';

/** Where the county's published files are found: beside the app (web preview, Electron's app:// protocol). */
export const COUNTY_DATA_PATH = './demo/';

/** A first sync is over once a page said "nothing more", or once as many rows landed as its snapshot held. */
export function firstSyncDone(state: PullState): boolean {
  return state.complete || (state.snapshotTotal !== null && state.rowsApplied >= state.snapshotTotal);
}

/**
 * Where the kiosk's county data comes from and how far it is (UI state only). An enrolled kiosk
 * gets it from the county by sync (the worker writes it; this store only watches); otherwise the
 * county's published files beside the app are imported once.
 */
export const useDataStatusStore = defineStore('dataStatus', () => {
  const phase = ref<DataPhase>('checking');
  const rows = ref(0);
  const totalRows = ref(0);
  const errorMessage = ref('');
  const percent = computed(() => (totalRows.value > 0 ? Math.min(100, Math.floor((rows.value / totalRows.value) * 100)) : 0));
  const busy = computed(() => phase.value === 'checking' || phase.value === 'validating' || phase.value === 'writing' || phase.value === 'syncing');
  let pullWatch: Subscription | null = null;

  let settleAgents: () => void = () => undefined;
  /** Settles once the demo agents were seeded or found unnecessary: the agent guard waits for it. */
  const agentsSettled = new Promise<void>((resolve) => (settleAgents = resolve));

  async function ensureData(): Promise<void> {
    try {
      const baseUrl = new URL(COUNTY_DATA_PATH, window.location.href).toString();
      // First, and quick (one small file, two PIN hashes): otherwise the login screen would offer
      // the first-run setup to whoever opens it while a large county import is still running.
      await seedDemoAgents(baseUrl).finally(settleAgents);
      if (await isEnrolled(baseUrl)) {
        watchFirstSync();
        return;
      }
      if (!(await needsImport(kioskDb))) {
        phase.value = 'ready';
        return;
      }
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

  /** Enrolled already, or enrolled now from a provisioning file beside the app (a failure there is logged, not fatal). */
  async function isEnrolled(baseUrl: string): Promise<boolean> {
    const credentials = await getBridge().getSyncCredentials();
    if (credentials.ok && credentials.value !== null) return true;
    const provisioned = await provisionFromFile(baseUrl, { bridge: getBridge(), db: kioskDb });
    if (provisioned.kind === 'failed') console.warn(`provisioning: ${provisioned.detail}`);
    return provisioned.kind === 'enrolled';
  }

  /** Follows the worker's pull through the database (Dexie tells every context about writes). */
  function watchFirstSync(): void {
    pullWatch?.unsubscribe();
    pullWatch = liveQuery(() => readPullState(kioskDb)).subscribe({
      next: (state) => {
        if (firstSyncDone(state)) {
          phase.value = 'ready';
          pullWatch?.unsubscribe();
          pullWatch = null;
          return;
        }
        phase.value = 'syncing';
        rows.value = state.rowsApplied;
        totalRows.value = state.snapshotTotal ?? 0;
      },
      error: (error: unknown) => console.warn('pull progress not readable:', error),
    });
  }

  /**
   * The demo set's agents, on a kiosk that has none yet. No file (a county's real data): nothing
   * to do. A broken file only costs the demo logins, never the residents' screens: warned, not fatal.
   */
  async function seedDemoAgents(baseUrl: string): Promise<void> {
    try {
      if ((await kioskDb.agents.count()) > 0) return;
      const response = await fetch(new URL(DEMO_AGENTS_FILE, baseUrl), { cache: 'no-store' }).catch(() => null);
      if (!response || response.status === 404) return;
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { seedAgentsIfNone } = await import('../db/repositories/agents');
      await seedAgentsIfNone(kioskDb, await response.json());
    } catch (error) {
      console.warn(`${DEMO_AGENTS_FILE}: demo agents not loaded:`, error instanceof Error ? error.message : error);
    }
  }

  return { phase, rows, totalRows, percent, busy, errorMessage, ensureData, agentsSettled };
});
