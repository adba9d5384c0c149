import type { BrowserContext, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { listDevices } from '../../server/src/repositories/devices';
import { addVillage } from '../../server/src/repositories/villages';
import { issueEnrollmentCode } from '../../server/src/services/enrollment';
import { startServer, type RunningServer } from '../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../server/test/pg';
import { DIAGNOSTICS_FORMAT } from '../../shared/diagnostics/bundle';
import { expectNoAxeViolations, KIOSK_CONTEXT_OPTIONS, pageProblems, readDemoManifest, saveScreenshot, useBrowser } from './support';

/**
 * The station administrator's unattended settings and diagnostics in web mode: settings kept over a
 * reload with the cursor hidden in touch mode, a downloaded bundle without personal data, and a
 * bundle sent to a real county server on 127.0.0.1 that files it under the enrolled device.
 */
const kiosk = useBrowser();
const ADMIN = { name: '李建国', pin: '246810' };
const HOUR = 3_600_000;
// An 18-character ID number or a mainland mobile number anywhere in the bundle would be a leak.
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

let database: TestDatabase;
let county: RunningServer;
let preview: PreviewServer;
let villageCode: string;

beforeAll(async () => {
  const manifest = await readDemoManifest();
  const code = manifest.station.villageCode;
  if (!code) throw new Error('the e2e demo set has no station village');
  villageCode = code;
  database = await createTestDatabase('sqlite');
  county = await startServer(database);
  await addVillage(county.handle.db, { code: villageCode, name: 'e2e village', townshipCode: manifest.station.townshipCode });
  preview = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: inject('e2eDemoDir'), countyOrigin: county.baseUrl });
});

afterAll(async () => {
  await preview?.close();
  await county?.close();
  await database?.drop();
});

async function logInAsAdmin(page: Page): Promise<void> {
  await page.getByTestId('agent-choice').filter({ hasText: ADMIN.name }).click();
  await page.getByTestId('pin-display').waitFor();
  const keypad = page.getByTestId('keypad-numeric');
  for (const digit of ADMIN.pin) await keypad.locator(`[data-key="${digit}"]`).click();
  await page.waitForURL((url) => url.hash === '#/agent' || url.hash === '#/agent/admin');
  if (new URL(page.url()).hash !== '#/agent/admin') await page.getByTestId('nav-agent-admin').click();
  await page.getByTestId('unattended-form').waitFor();
}

async function openAdmin(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${preview.url}#/agent/login`);
  await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
  await logInAsAdmin(page);
  return page;
}

const cursorOf = (page: Page, testId: string): Promise<string> =>
  page.getByTestId(testId).evaluate((element) => getComputedStyle(element).cursor);

describe('station administration (web mode)', () => {
  it('keeps opening hours and touch mode over a reload, hides the cursor, and refuses an invalid time', async () => {
    const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
    try {
      const page = await openAdmin(context);
      // The defaults, and the note that a browser does not switch the display.
      await page.getByTestId('unattended-opening-hours').waitFor();
      expect(await page.getByTestId('unattended-opening-hours').isChecked()).toBe(true);
      expect(await page.getByTestId('unattended-from').inputValue()).toBe('07:30');
      expect(await page.getByTestId('unattended-to').inputValue()).toBe('20:00');
      await page.getByTestId('unattended-web-note').waitFor();
      expect(await cursorOf(page, 'unattended-save')).not.toBe('none');

      // An impossible time: the field says why and nothing is stored.
      await page.getByTestId('unattended-from').fill('25:00');
      await page.getByTestId('unattended-touch-mode').check();
      await page.getByTestId('unattended-save').click();
      await page.getByTestId('unattended-from-error').waitFor();
      expect(await page.getByTestId('unattended-from').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('unattended-saved').count()).toBe(0);
      expect(await page.evaluate(() => localStorage.getItem('village-kiosk-unattended-settings'))).toBeNull();
      await expectNoAxeViolations(page, 'station-admin-invalid-time');

      // Equal times are refused too (always-on is its own choice).
      await page.getByTestId('unattended-from').fill('08:00');
      await page.getByTestId('unattended-to').fill('08:00');
      await page.getByTestId('unattended-save').click();
      await page.getByTestId('unattended-to-error').waitFor();
      expect(await page.getByTestId('unattended-from-error').count()).toBe(0);

      await page.getByTestId('unattended-from').fill('06:30');
      await page.getByTestId('unattended-to').fill('21:15');
      await page.getByTestId('unattended-save').click();
      await page.getByTestId('unattended-saved').waitFor();
      expect(await page.getByTestId('unattended-to-error').count()).toBe(0);
      // Touch mode applies at once, to every element.
      expect(await cursorOf(page, 'unattended-save')).toBe('none');
      expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).toBe('none');
      await expectNoAxeViolations(page, 'station-admin-saved');
      await saveScreenshot(page, 'station-admin-unattended');

      await page.reload();
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
      await page.waitForURL((url) => url.hash.startsWith('#/agent/login'));
      // Hidden from the start, before anyone opens the settings again.
      expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).toBe('none');
      await logInAsAdmin(page);
      expect(await page.getByTestId('unattended-from').inputValue()).toBe('06:30');
      expect(await page.getByTestId('unattended-to').inputValue()).toBe('21:15');
      expect(await page.getByTestId('unattended-touch-mode').isChecked()).toBe(true);

      // Around the clock, touch mode off: the cursor comes back.
      await page.getByTestId('unattended-always-on').check();
      expect(await page.getByTestId('unattended-from').count()).toBe(0);
      await page.getByTestId('unattended-touch-mode').uncheck();
      await page.getByTestId('unattended-save').click();
      await page.getByTestId('unattended-saved').waitFor();
      expect(await cursorOf(page, 'unattended-save')).not.toBe('none');
      expect(JSON.parse((await page.evaluate(() => localStorage.getItem('village-kiosk-unattended-settings'))) ?? 'null')).toEqual({
        openingHours: null,
        touchMode: false,
      });
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('downloads a diagnostics bundle without personal data; sending waits for enrollment, then the county files it', async () => {
    const context = await kiosk.browser.newContext({ ...KIOSK_CONTEXT_OPTIONS, acceptDownloads: true });
    try {
      const page = await openAdmin(context);
      // Not enrolled: the send button is disabled and the panel says why.
      expect(await page.getByTestId('diagnostics-send').isDisabled()).toBe(true);
      await page.getByTestId('diagnostics-not-enrolled').waitFor();
      await expectNoAxeViolations(page, 'station-admin-diagnostics');

      const downloading = page.waitForEvent('download');
      await page.getByTestId('diagnostics-export').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^diagnostics-unenrolled-\d{8}T\d{6}Z\.json$/);
      const text = await readFile(await download.path(), 'utf8');
      const bundle = JSON.parse(text) as { format: string; device: { enrolled: boolean }; sync: { state: string } };
      expect(bundle.format).toBe(DIAGNOSTICS_FORMAT);
      expect(bundle.device.enrolled).toBe(false);
      expect(bundle.sync.state).toBe('notEnrolled');
      expect(text).not.toMatch(ID_NUMBER);
      expect(text).not.toMatch(MOBILE);
      const outcome = page.getByTestId('diagnostics-outcome');
      expect(await outcome.getAttribute('data-outcome')).toBe('done');
      expect(await outcome.innerText()).toContain(download.suggestedFilename());

      // Enrol with the county, then send.
      const { code } = await issueEnrollmentCode(county.handle.db, villageCode, HOUR);
      await page.getByTestId('sync-county-url').fill(county.baseUrl);
      await page.getByTestId('sync-code').fill(code);
      await page.getByTestId('sync-enroll-submit').click();
      await page.getByTestId('sync-enrolled').waitFor();
      const deviceId = (await page.getByTestId('sync-enrolled-device-id').innerText()).trim();
      await page.waitForFunction(() => !(document.querySelector('[data-testid="diagnostics-send"]') as HTMLButtonElement | null)?.disabled);

      await page.getByTestId('diagnostics-send').click();
      await page.waitForSelector('[data-testid="diagnostics-outcome"][data-county-id]');
      const countyId = await outcome.getAttribute('data-county-id');
      expect(await outcome.getAttribute('data-outcome')).toBe('done');
      expect(await outcome.innerText()).toContain(countyId ?? '-');
      await expectNoAxeViolations(page, 'station-admin-diagnostics-sent');

      // The county filed it under this device (what the dashboard lists per device).
      expect((await listDevices(county.handle.db)).map((d) => d.id)).toContain(deviceId);
      const stored = await county.handle.db.selectFrom('device_diagnostics').selectAll().where('device_id', '=', deviceId).execute();
      expect(stored.map((row) => row.id)).toEqual([countyId]);
      const body = stored[0]?.body ?? '';
      expect(JSON.parse(body)).toMatchObject({ format: DIAGNOSTICS_FORMAT, device: { enrolled: true, deviceId } });
      expect(body).not.toMatch(ID_NUMBER);
      expect(body).not.toMatch(MOBILE);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
