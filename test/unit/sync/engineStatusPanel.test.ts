import { createPinia, setActivePinia } from 'pinia';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import SyncStatusPanel from '../../../renderer/src/components/sync/SyncStatusPanel.vue';
import { i18n } from '../../../renderer/src/i18n';
import { NOT_ENROLLED_STATUS, type SyncStatus } from '../../../renderer/src/sync/engine/syncStatus';
import { useSyncStatusStore } from '../../../renderer/src/stores/syncStatus';

/** The agent's panel rendered to HTML with a given status: what the words and numbers say. */
async function render(status: SyncStatus, locale: 'zh-CN' | 'en' = 'en'): Promise<string> {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSyncStatusStore().status = status;
  i18n.global.locale.value = locale;
  const app = createSSRApp(SyncStatusPanel).use(pinia).use(i18n);
  return renderToString(app);
}

function textOf(html: string, testId: string): string {
  const match = new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</`).exec(html);
  const raw = (match?.[1] ?? '').replace(/<!--[\s\S]*?-->/g, '').trim();
  return raw.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('the sync status panel', () => {
  it('shows a long first sync with rows and percent, counts, and a refusal in plain words plus the county\'s message', async () => {
    const html = await render({
      state: 'error',
      progress: { rows: 5000, remaining: 900_000, percent: 42, totalRows: 420_000 },
      pending: 7,
      rejected: 2,
      lastSuccessAt: '2026-11-27T02:00:00.000Z',
      lastError: 'entries[0].seq: seqs must increase',
      lastErrorCode: 'refused',
      nextAttemptAt: '2026-11-27T02:05:00.000Z',
    });
    expect(textOf(html, 'sync-state')).toBe('Sync failed: will try again by itself');
    expect(textOf(html, 'sync-progress-text')).toBe("Receiving the county's data: 420,000 rows (42%)");
    expect(html).toMatch(/data-testid="sync-progress-bar"[^>]*value="42"|value="42"[^>]*data-testid="sync-progress-bar"/);
    expect(textOf(html, 'sync-pending')).toBe('7');
    expect(textOf(html, 'sync-rejected')).toBe('2');
    expect(textOf(html, 'sync-last-error-text')).toBe('The county server refused the request');
    expect(textOf(html, 'sync-last-error-detail')).toBe('entries[0].seq: seqs must increase');
    expect(textOf(html, 'sync-last-success')).toMatch(/2026/);
    expect(textOf(html, 'sync-next-attempt')).toMatch(/2026/);
    expect(html).toContain('data-testid="sync-now"');
  });

  it('speaks Chinese by default and hides the details when the kiosk is not enrolled', async () => {
    const html = await render(NOT_ENROLLED_STATUS, 'zh-CN');
    expect(textOf(html, 'sync-state')).toBe('本机尚未登记到县服务器');
    expect(html).not.toContain('data-testid="sync-pending"');
    expect(html).not.toContain('data-testid="sync-now"');
  });

  it('offers "sync now" only when a run is not already going', async () => {
    const idle = await render({ ...NOT_ENROLLED_STATUS, state: 'idle' });
    const syncing = await render({ ...NOT_ENROLLED_STATUS, state: 'syncing' });
    expect(idle).toMatch(/<button[^>]*data-testid="sync-now"(?![^>]*disabled)/);
    expect(syncing).toMatch(/<button[^>]*disabled[^>]*data-testid="sync-now"|<button[^>]*data-testid="sync-now"[^>]*disabled/);
  });
});
