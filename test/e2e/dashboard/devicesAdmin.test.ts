import { describe, expect, it } from 'vitest';
import { ENROLLMENT_QR_OPTIONS } from '../../../server/dashboard/src/components/devices/enrollmentQr';
import { expectNoAxeViolations, saveScreenshot, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { deviceMeStatus, enrollKiosk, qrImageMatches } from './support/kioskApi';

const desk = useBrowser();
const counties = useDashboardCounty();

describe('dashboard devices', () => {
  it('an admin creates an enrollment code shown with its QR code; the code enrols a kiosk; revoking it locks the token out', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'admin', 'devices');
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.getByTestId('devices-table').waitFor();
      for (const name of ['fundsImport', 'fundsPrograms', 'content', 'exports', 'devices']) expect(await page.getByTestId(`nav-${name}`).count(), name).toBe(1);
      await expectNoAxeViolations(page, 'dashboard-devices');

      await page.getByTestId('enroll-village').selectOption(county.stationVillage);
      await page.getByTestId('enroll-ttl').fill('2');
      await page.getByTestId('enroll-create').click();
      const code = (await page.getByTestId('enroll-code').innerText()).trim();
      expect(code).toMatch(/^[A-Z0-9]{8,16}$/);

      // The QR image holds the county's address and the code, readable module for module.
      const payload = JSON.parse(await page.getByTestId('enroll-payload').innerText()) as unknown;
      expect(payload).toEqual({ countyUrl: county.origin, code });
      const qr = page.getByTestId('enroll-qr');
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      expect(await qrImageMatches(qr, JSON.stringify(payload), ENROLLMENT_QR_OPTIONS)).toBe(true);
      expect(await qrImageMatches(qr, JSON.stringify({ countyUrl: county.origin, code: `${code}X` }), ENROLLMENT_QR_OPTIONS)).toBe(false);
      await expectNoAxeViolations(page, 'dashboard-devices-code');
      await saveScreenshot(page, 'dashboard-devices-code');

      const kiosk = await enrollKiosk(county.origin, code, 'enrolled from the dashboard');
      expect(kiosk.villageCode).toBe(county.stationVillage);
      expect(await deviceMeStatus(county.origin, kiosk.token)).toBe(200);
      // The code was spent: a second kiosk cannot use it.
      await expect(enrollKiosk(county.origin, code, 'second kiosk')).rejects.toThrow(/409|400|410|404|403/);

      await page.reload();
      const row = page.locator(`[data-testid="device-row"][data-device="${kiosk.deviceId}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain('enrolled from the dashboard');
      expect(await row.getByTestId('device-audit').getAttribute('data-state')).toBe('intact');
      expect(await page.getByTestId('devices-broken-warning').count()).toBe(0);

      // A push whose audit entry did not chain leaves its seq here (server/src/services/push.ts); the page must flag it.
      await county.database.db
        .insertInto('device_push_state')
        .values({ device_id: kiosk.deviceId, audit_chain_broken_at: new Date().toISOString(), audit_chain_broken_seq: 7 })
        .execute();
      await page.reload();
      await row.waitFor();
      const audit = row.getByTestId('device-audit');
      expect(await audit.getAttribute('data-state')).toBe('broken');
      expect(await audit.innerText()).toContain('7');
      await page.getByTestId('devices-broken-warning').waitFor();

      // A kiosk asking for updates says what it is; the row shows it beside the version.
      const asked = await fetch(`${county.origin}/api/v1/updates/latest?platform=win32&arch=x64&version=1.0.0`, {
        headers: { authorization: `Bearer ${kiosk.token}` },
      });
      expect(asked.status).toBe(204);
      await page.reload();
      await row.waitFor();
      expect(await row.getByTestId('device-version').innerText()).toContain('Windows x64');

      await page.getByTestId(`revoke-${kiosk.deviceId}`).click();
      // Nothing happens before the confirmation.
      expect(await deviceMeStatus(county.origin, kiosk.token)).toBe(200);
      await expectNoAxeViolations(page, 'dashboard-devices-revoke-confirm');
      await page.getByTestId(`revoke-yes-${kiosk.deviceId}`).click();
      await page.getByTestId(`revoke-${kiosk.deviceId}`).waitFor({ state: 'detached' });
      expect(await row.getByTestId('device-state').innerText()).not.toBe('');
      expect(await deviceMeStatus(county.origin, kiosk.token)).toBe(401);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a viewer sees the devices but neither the enrollment form nor revoke buttons', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'viewer', 'devices');
      await page.getByTestId('devices-table').waitFor();
      expect(await page.getByTestId('devices-enroll-form').count()).toBe(0);
      expect(await page.locator('[data-testid^="revoke-"]').count()).toBe(0);
      // The import page is an admin's: a viewer has no link to it and is sent back from its address.
      expect(await page.getByTestId('nav-fundsImport').count()).toBe(0);
      expect(await page.getByTestId('nav-devices').count()).toBe(1);
      await page.goto(county.dashboardUrl('funds/import'));
      await page.waitForURL((url) => url.pathname === '/dashboard/');
      expect(await page.getByTestId('funds-upload-form').count()).toBe(0);
      await expectNoAxeViolations(page, 'dashboard-devices-viewer');
    } finally {
      await context.close();
    }
  });
});
