import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { listDevices } from '../../server/src/repositories/devices';
import { addVillage } from '../../server/src/repositories/villages';
import { issueEnrollmentCode } from '../../server/src/services/enrollment';
import { startServer, type RunningServer } from '../../server/test/http';
import { createTestDatabase, type TestDatabase } from '../../server/test/pg';
import { expectNoAxeViolations, KIOSK_CONTEXT_OPTIONS, pageProblems, readDemoCounty, readDemoManifest, saveScreenshot, useBrowser } from './support';

/**
 * Enrolling the kiosk in web mode against a real county server on 127.0.0.1: the page POSTs the
 * code across origins (the county answers CORS), the preview server's CSP lets exactly that county
 * through, and the panel explains every outcome in plain words.
 */
const kiosk = useBrowser();
const ADMIN = { name: '李建国', pin: '246810' };
const HOUR = 3_600_000;

let database: TestDatabase;
let county: RunningServer;
let preview: PreviewServer;
let village: { code: string; name: string };

beforeAll(async () => {
  const [manifest, demoCounty] = await Promise.all([readDemoManifest(), readDemoCounty()]);
  const code = manifest.station.villageCode;
  const name = demoCounty.villages.find((v) => v.code === code)?.name;
  if (!code || !name) throw new Error('the e2e demo set has no station village');
  village = { code, name };
  database = await createTestDatabase('sqlite');
  county = await startServer(database);
  await addVillage(county.handle.db, { code, name, townshipCode: manifest.station.townshipCode });
  preview = await startPreviewServer({
    port: 0,
    rendererDir: inject('e2eRendererDir'),
    demoDir: inject('e2eDemoDir'),
    countyOrigin: county.baseUrl,
  });
});

afterAll(async () => {
  await preview?.close();
  await county?.close();
  await database?.drop();
});

async function openAdmin(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${preview.url}#/agent/login`);
  await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
  await logInAsAdmin(page);
  return page;
}

async function logInAsAdmin(page: Page): Promise<void> {
  await page.getByTestId('agent-choice').filter({ hasText: ADMIN.name }).click();
  await page.getByTestId('pin-display').waitFor();
  const keypad = page.getByTestId('keypad-numeric');
  for (const digit of ADMIN.pin) await keypad.locator(`[data-key="${digit}"]`).click();
  // After a reload the login returns to the screen that asked for it (the admin settings).
  await page.waitForURL((url) => url.hash === '#/agent' || url.hash === '#/agent/admin');
  if (new URL(page.url()).hash !== '#/agent/admin') await page.getByTestId('nav-agent-admin').click();
  await page.getByTestId('sync-enroll-panel').waitFor();
}

async function submitEnrollment(page: Page, countyUrl: string, code: string): Promise<void> {
  await page.getByTestId('sync-county-url').fill(countyUrl);
  await page.getByTestId('sync-code').fill(code);
  await page.getByTestId('sync-enroll-submit').click();
}

function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

async function failureShown(page: Page): Promise<{ kind: string | null; text: string }> {
  const error = page.getByTestId('sync-enroll-error');
  await error.waitFor();
  return { kind: await error.getAttribute('data-failure'), text: await error.innerText() };
}

describe('county enrollment from the admin settings (web mode)', () => {
  it('enrols under the real CSP, survives a reload, refuses the spent code and a dead address in plain words', async () => {
    const { code } = await issueEnrollmentCode(county.handle.db, village.code, HOUR);
    const context = await kiosk.browser.newContext({ ...KIOSK_CONTEXT_OPTIONS, bypassCSP: false });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      const page = await openAdmin(context);
      const form = page.getByTestId('sync-enroll-form');
      await form.waitFor();
      // The kiosk name defaults to the station's village.
      expect(await page.getByTestId('sync-device-name').inputValue()).toContain(village.name);

      // A county address that answers nothing.
      const deadUrl = 'http://127.0.0.1:9';
      await submitEnrollment(page, deadUrl, code);
      const dead = await failureShown(page);
      expect(dead.kind).toBe('network');
      expect(dead.text).toContain('连不上县级服务器');

      // The right county; the code typed in lower case with a space, as people do.
      await submitEnrollment(page, `${county.baseUrl}/`, `${code.slice(0, 6).toLowerCase()} ${code.slice(6).toLowerCase()}`);
      await page.getByTestId('sync-enrolled').waitFor();
      expect(await page.getByTestId('sync-enroll-notice').innerText()).toContain('登记成功');
      const villageText = await page.getByTestId('sync-enrolled-village').innerText();
      expect(villageText).toContain(village.name);
      expect(villageText).toContain(village.code);
      expect(await page.getByTestId('sync-enrolled-county').innerText()).toBe(county.baseUrl.replace('http://', ''));
      const deviceId = (await page.getByTestId('sync-enrolled-device-id').innerText()).trim();
      const devices = await listDevices(county.handle.db);
      expect(devices.map((d) => d.id)).toEqual([deviceId]);
      expect(devices[0]?.name).toContain(village.name);
      // The page sent the kiosk's own author id, which stays apart from the county's device id.
      expect(devices[0]?.authorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(devices[0]?.authorId).not.toBe(deviceId);
      // The county's station number for this kiosk, the first digit of its receipt sequences.
      const station = page.getByTestId('sync-enrolled-station-no');
      expect([await station.getAttribute('data-station-no'), await station.innerText()]).toEqual([String(devices[0]?.stationNo), '本村第 1 号（回执编号末三位为 1xx）']);
      await saveScreenshot(page, 'sync-enrolled');
      // The preview's countyOrigin let the county through, and nothing else: the dead address was blocked.
      expect(await cspViolations(page)).toEqual([`connect-src ${deadUrl}/api/v1/devices/enroll`]);

      // The token lives in IndexedDB: a reload (and a new login) finds the kiosk still enrolled.
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
      await page.waitForURL((url) => url.hash.startsWith('#/agent/login'));
      await logInAsAdmin(page);
      await page.getByTestId('sync-enrolled').waitFor();
      expect(await page.getByTestId('sync-enrolled-device-id').innerText()).toBe(deviceId);

      // Forget (confirmed), then the same code again: the county says it was used.
      await page.getByTestId('sync-forget').click();
      await page.getByTestId('sync-forget-no').click();
      expect(await page.getByTestId('sync-enrolled').isVisible()).toBe(true);
      await page.getByTestId('sync-forget').click();
      await page.getByTestId('sync-forget-yes').click();
      await form.waitFor();
      expect(await page.getByTestId('sync-enroll-notice').innerText()).toContain('已解除登记');
      await submitEnrollment(page, county.baseUrl, code);
      const used = await failureShown(page);
      expect(used.kind).toBe('codeUsed');
      expect(used.text).toContain('这个登记码已经用过了');
      expect(await page.getByTestId('sync-enrolled').count()).toBe(0);

      expect(await listDevices(county.handle.db)).toHaveLength(1);
      // The county itself is never blocked (this page's list started at the reload).
      expect(await cspViolations(page)).toEqual([]);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('passes axe with the form, a field error and a county refusal on screen', async () => {
    const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
    try {
      const page = await openAdmin(context);
      await page.getByTestId('sync-enroll-form').waitFor();
      await expectNoAxeViolations(page, 'sync-enroll-form');

      await submitEnrollment(page, 'county.example.cn', 'ABCDEFGH2345');
      expect((await failureShown(page)).kind).toBe('invalidCountyUrl');
      expect(await page.getByTestId('sync-county-url').getAttribute('aria-invalid')).toBe('true');

      await submitEnrollment(page, county.baseUrl, 'ZZZZZZZZ2345');
      await page.waitForSelector('[data-testid="sync-enroll-error"][data-failure="codeUnknown"]');
      await expectNoAxeViolations(page, 'sync-enroll-refused');
      const box = await page.getByTestId('sync-enroll-submit').boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      const field = await page.getByTestId('sync-code').boundingBox();
      expect(field?.height ?? 0).toBeGreaterThanOrEqual(48);
      expect(await listDevices(county.handle.db)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
