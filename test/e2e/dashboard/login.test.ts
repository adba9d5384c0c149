import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, DASHBOARD_VIEWPORT, STAFF, signInPage, signOutPage, useDashboardCounty } from './support/county';

const desk = useBrowser();
const counties = useDashboardCounty();

describe('dashboard sign-in', () => {
  it('refuses a wrong password with a message and lets the right one in; signing out ends the session', async () => {
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    const { county } = counties;
    try {
      const page = await context.newPage();
      // An unauthenticated visit to a page is sent to the login form, remembering where it was going.
      await page.goto(county.dashboardUrl('cases'));
      await page.getByTestId('login-form').waitFor();
      expect(new URL(page.url()).pathname).toBe('/dashboard/login');
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/cases');
      await expectNoAxeViolations(page, 'dashboard-login');

      await page.getByTestId('login-name').fill(STAFF.clerk.name);
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('LOGIN_FAILED');
      expect(await page.getByTestId('login-password').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('app-user').count()).toBe(0);
      await expectNoAxeViolations(page, 'dashboard-login-error');

      await page.getByTestId('login-password').fill(STAFF.clerk.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('app-user').waitFor();
      // Back where the visit was heading.
      expect(new URL(page.url()).pathname).toBe('/dashboard/cases');
      expect(await page.getByTestId('app-user').getAttribute('data-role')).toBe('clerk');

      await signOutPage(page);
      expect(await page.getByTestId('login-notice').count()).toBe(1);
      // The session is gone on the server too: the API refuses, and a page visit lands on login.
      const status = await page.evaluate(async () => (await fetch('/dashboard/api/session')).status);
      expect(status).toBe(401);
      await page.goto(county.dashboardUrl(''));
      await page.getByTestId('login-form').waitFor();
    } finally {
      await context.close();
    }
  });

  it('locks the account after five wrong passwords: the right one is refused too', async () => {
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await context.newPage();
      await page.goto(counties.county.dashboardUrl('login'));
      for (let attempt = 1; attempt <= 5; attempt++) {
        await page.getByTestId('login-name').fill(STAFF.viewer.name);
        await page.getByTestId('login-password').fill(`wrong-${attempt}-password`);
        await page.getByTestId('login-submit').click();
        // Each answer replaces the previous one: wait for this attempt's to settle.
        await page.waitForFunction(() => !(document.querySelector('[data-testid="login-submit"]') as HTMLButtonElement | null)?.disabled);
        expect(await page.getByTestId('login-error').getAttribute('data-code')).toBe('LOGIN_FAILED');
      }
      await page.getByTestId('login-name').fill(STAFF.viewer.name);
      await page.getByTestId('login-password').fill(STAFF.viewer.password);
      await page.getByTestId('login-submit').click();
      await page.waitForFunction(() => !(document.querySelector('[data-testid="login-submit"]') as HTMLButtonElement | null)?.disabled);
      const error = page.getByTestId('login-error');
      expect(await error.getAttribute('data-code')).toBe('LOGIN_FAILED');
      // The message tells the person about the lock (in the language shown), not only "wrong password".
      expect(await error.innerText()).toMatch(/锁定/);
      expect(await page.getByTestId('app-user').count()).toBe(0);

      // Another account is not affected.
      await signInPage(page, STAFF.admin.name, STAFF.admin.password);
      expect(await page.getByTestId('app-user').getAttribute('data-role')).toBe('admin');
    } finally {
      await context.close();
    }
  });

  it('runs under the real CSP with no violations, and switches language', async () => {
    // No bypassCSP here: the page's own Content-Security-Policy applies (no eval for zod, no inline scripts).
    const context = await desk.browser.newContext({ locale: 'zh-CN', viewport: DASHBOARD_VIEWPORT });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(counties.county.dashboardUrl(''));
      await signInPage(page, STAFF.clerk.name, STAFF.clerk.password);
      await page.getByTestId('overview').waitFor();
      await page.locator('[data-testid="chart-cases"], [data-testid="chart-cases-empty"]').first().waitFor();
      await page.goto(counties.county.dashboardUrl('feedback'));
      await page.getByTestId('feedback').waitFor();

      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      const zhTitle = await page.getByTestId('app-title').innerText();
      await page.getByTestId('language-switch').selectOption('en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await page.getByTestId('app-title').innerText()).not.toBe(zhTitle);
      expect(await page.getByTestId('nav-feedback').innerText()).toMatch(/Feedback/);
      // Remembered across a reload.
      await page.reload();
      await page.getByTestId('feedback').waitFor();
      expect(await page.getByTestId('nav-feedback').innerText()).toMatch(/Feedback/);

      expect(problems.filter((p) => /Content.Security.Policy|unsafe-eval|EvalError/i.test(p))).toEqual([]);
      expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sends a user whose session ended mid-work to the login page, and back to the page after signing in', async () => {
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await context.newPage();
      await page.goto(counties.county.dashboardUrl(''));
      await signInPage(page, STAFF.admin.name, STAFF.admin.password);
      await page.getByTestId('overview').waitFor();
      // The server forgets the browser (expiry, or signed out elsewhere); the page still thinks it is signed in.
      await context.clearCookies();
      await page.getByTestId('nav-feedback').click();
      await page.getByTestId('login-form').waitFor();
      expect(await page.getByTestId('login-notice').count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/feedback');
      await page.getByTestId('login-name').fill(STAFF.admin.name);
      await page.getByTestId('login-password').fill(STAFF.admin.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('feedback').waitFor();
      expect(new URL(page.url()).pathname).toBe('/dashboard/feedback');
    } finally {
      await context.close();
    }
  });
});
