import { describe, expect, it } from 'vitest';
import {
  E2E_DEMO,
  expectNoAxeViolations,
  KIOSK_CONTEXT_OPTIONS,
  kioskUrl,
  openKiosk,
  pageProblems,
  readDemoDisbursements,
  readDemoManifest,
  readStationDisbursements,
  saveScreenshot,
  useBrowser,
} from './support';

const kiosk = useBrowser();

describe('kiosk in web mode (smoke)', () => {
  it('loads the home screen in Chinese with one main heading, and axe passes', async () => {
    const page = await openKiosk(kiosk.browser);
    try {
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      expect(await page.locator('h1').count()).toBeGreaterThanOrEqual(1);
      expect((await page.locator('h1').first().innerText()).trim()).not.toBe('');
      await saveScreenshot(page, 'smoke-home');
      await expectNoAxeViolations(page, 'smoke-home');
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('serves the kiosk with the strict CSP and security headers', async () => {
    const response = await fetch(kioskUrl('/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const manifest = await fetch(kioskUrl('/demo/manifest.json'));
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('cache-control')).toBe('no-store');
    expect((await manifest.json()) as unknown).toMatchObject({ seed: (await readDemoManifest()).seed });
  });

  it('runs under its real CSP without a single violation', async () => {
    // The other tests bypass CSP to inject axe; this one proves the app itself needs no exception to it.
    const context = await kiosk.browser.newContext({ ...KIOSK_CONTEXT_OPTIONS, bypassCSP: false });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
    });
    try {
      const page = await openKiosk(context);
      // Let late work (lazy chunks, workers, fonts) run before reading what was blocked.
      await page.waitForTimeout(500);
      const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      const problems = pageProblems(page);
      expect(violations).toEqual([]);
      expect(problems.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
      expect(problems.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('seeds the kiosk with the small deterministic demo county the flow tests read', async () => {
    const manifest = await readDemoManifest();
    expect(manifest).toMatchObject({ households: E2E_DEMO.households, years: E2E_DEMO.years, seed: E2E_DEMO.seed });
    const all = await readDemoDisbursements();
    expect(all.length).toBe(manifest.counts.disbursements);
    const station = await readStationDisbursements();
    expect(station.length).toBeGreaterThan(0);
    for (const { row, columns } of station) {
      expect(row.townshipCode).toBe(manifest.station.townshipCode);
      if (manifest.station.villageCode !== null) expect(row.villageCode).toBe(manifest.station.villageCode);
      expect(columns['户号']).toBe(row.householdNo);
    }
  });
});
