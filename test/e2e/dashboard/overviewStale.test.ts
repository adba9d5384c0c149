import { describe, expect, it } from 'vitest';
import { STALE_SYNC_DAYS } from '../../../shared/dashboard/overview';
import { useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { HttpKiosk } from './support/seedCases';

/**
 * "Villages that have not synced for 7 days stand out": a village whose kiosk synced, then fell
 * silent, crosses the line by the server's clock (moved forward here instead of waiting a week).
 */
const desk = useBrowser();
let now = new Date();
const counties = useDashboardCounty({ clock: () => now });

describe('overview staleness', () => {
  it('marks a village stale, in words, once its last sync is more than 7 days old', async () => {
    const { county } = counties;
    const kiosk = await HttpKiosk.enrol(county, county.stationVillage, 'silent kiosk');
    kiosk.createCase();
    await kiosk.push();

    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const row = (page: Awaited<ReturnType<typeof openSignedIn>>) => page.locator(`[data-testid="overview-village"][data-village="${county.stationVillage}"]`);
      const fresh = await openSignedIn(context, county, 'viewer');
      await row(fresh).waitFor();
      expect(await row(fresh).getAttribute('data-stale')).toBe('false');
      expect(await row(fresh).getByTestId('stale-mark').count()).toBe(0);
      await fresh.close();

      // A day short of the line: still fresh. Sessions follow the same clock, so sign in again each time.
      now = new Date(now.getTime() + (STALE_SYNC_DAYS - 1) * 86_400_000);
      await context.clearCookies();
      const almost = await openSignedIn(context, county, 'viewer');
      await row(almost).waitFor();
      expect(await row(almost).getAttribute('data-stale')).toBe('false');
      await almost.close();

      now = new Date(now.getTime() + 2 * 86_400_000);
      await context.clearCookies();
      const late = await openSignedIn(context, county, 'viewer');
      await row(late).waitFor();
      expect(await row(late).getAttribute('data-stale')).toBe('true');
      // Not "never synced": the mark says how long, and the last sync time is still shown.
      const mark = await row(late).getByTestId('stale-mark').innerText();
      expect(mark).toContain(String(STALE_SYNC_DAYS));
      expect(await late.getByTestId('total-stale').innerText()).toBe(await late.locator('[data-testid="overview-village"][data-stale="true"]').count().then(String));
      await late.close();
    } finally {
      await context.close();
    }
  });
});
