import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { DEMO_AGENTS_FILE } from '../../shared/agents/demoAgents';
import { e2eDemoDir, expectNoAxeViolations, KIOSK_CONTEXT_OPTIONS, openKiosk, pageProblems, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// The demo set's agents (shared/agents/demoAgents.ts; the README gives these PINs).
const ADMIN = { name: '李建国', pin: '246810' };
const AGENT = { name: '王秀英', pin: '135790' };

/** This run's kiosk build with the demo data minus demo-agents.json: a kiosk on its first run. */
async function serveWithoutDemoAgents(): Promise<PreviewServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-first-run-'));
  await cp(e2eDemoDir(), dir, { recursive: true, filter: (source) => !source.endsWith(DEMO_AGENTS_FILE) });
  const server = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: dir });
  cleanups.push(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return server;
}

async function typePin(page: Page, pin: string): Promise<void> {
  const keypad = page.getByTestId('keypad-numeric');
  for (const digit of pin) await keypad.locator(`[data-key="${digit}"]`).click();
}

async function chooseAgent(page: Page, name: string): Promise<void> {
  await page.getByTestId('agent-choice').filter({ hasText: name }).click();
  await page.getByTestId('pin-display').waitFor();
}

/** Logs in from the login screen and waits for the workstation. */
async function logIn(page: Page, agent: { name: string; pin: string }): Promise<void> {
  if (!page.url().includes('#/agent/login')) await page.goto(new URL('#/agent/login', page.url()).href);
  await chooseAgent(page, agent.name);
  await typePin(page, agent.pin);
  await page.waitForURL((url) => url.hash === '#/agent');
}

async function withKiosk(run: (page: Page, context: BrowserContext) => Promise<void>, path = '/#/agent/login', clock = false): Promise<void> {
  const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
  if (clock) await context.clock.install();
  try {
    const page = await openKiosk(context, path);
    await run(page, context);
    expect(pageProblems(page).errors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('first run', () => {
  it('asks for the station administrator, checks the name and the PIN twice, then the login works', async () => {
    const server = await serveWithoutDemoAgents();
    const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
      await page.getByTestId('agent-entry').click();
      await page.waitForURL((url) => url.hash === '#/agent/setup');
      await expectNoAxeViolations(page, 'agent-setup');

      await page.getByTestId('setup-name').fill('李');
      await page.getByTestId('setup-next').click();
      await page.getByTestId('setup-name-error').waitFor();
      expect(await page.getByTestId('setup-name').getAttribute('aria-invalid')).toBe('true');
      await page.getByTestId('setup-name').fill('<b>赵</b>');
      await page.getByTestId('setup-next').click();
      expect(await page.getByTestId('setup-name-error').isVisible()).toBe(true);

      await page.getByTestId('setup-name').fill('赵建华');
      await page.getByTestId('setup-next').click();
      await typePin(page, '112233');
      expect(await page.getByTestId('pin-display').getAttribute('data-length')).toBe('6');
      // Dots only: the digits never appear on screen.
      expect(await page.locator('main').innerText()).not.toContain('112233');
      await page.getByTestId('setup-pin-next').click();
      await typePin(page, '112234');
      await page.getByTestId('setup-pin-next').click();
      await page.getByTestId('setup-pin-error').waitFor();
      await saveScreenshot(page, 'agent-setup-mismatch');
      await expectNoAxeViolations(page, 'agent-setup-mismatch');

      await typePin(page, '112233');
      await page.getByTestId('setup-pin-next').click();
      await typePin(page, '112233');
      await page.getByTestId('setup-pin-next').click();
      await page.waitForURL((url) => url.hash.startsWith('#/agent/login'));
      await page.getByTestId('setup-done').waitFor();

      await logIn(page, { name: '赵建华', pin: '112233' });
      // Setup is closed for good once an administrator exists.
      await page.goto(`${server.url}#/agent/setup`);
      await page.waitForURL((url) => url.hash === '#/agent' || url.hash.startsWith('#/agent/login'));
      expect(await page.getByTestId('setup-name').count()).toBe(0);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('agent login', () => {
  it('shows the demo agents, passes axe, and logs in with the right PIN', async () => {
    await withKiosk(async (page) => {
      await page.getByTestId('agent-choice').first().waitFor();
      expect(await page.getByTestId('agent-choice').count()).toBe(2);
      await saveScreenshot(page, 'agent-login');
      await expectNoAxeViolations(page, 'agent-login');
      await chooseAgent(page, AGENT.name);
      await expectNoAxeViolations(page, 'agent-login-pin');
      await typePin(page, AGENT.pin);
      await page.waitForURL((url) => url.hash === '#/agent');
      expect(await page.getByTestId('agent-nav-name').innerText()).toContain(AGENT.name);
    });
  });

  it('counts wrong PINs down, locks on the fifth, and refuses the right PIN while locked', async () => {
    await withKiosk(async (page) => {
      await chooseAgent(page, AGENT.name);
      const left: string[] = [];
      for (let i = 0; i < 4; i++) {
        await typePin(page, '000000');
        await page.getByTestId('login-message').waitFor();
        left.push(await page.getByTestId('login-message').innerText());
        await page.waitForFunction(() => document.querySelector('[data-testid="pin-display"]')?.getAttribute('data-length') === '0');
      }
      expect(left.map((text) => /\d+/.exec(text)?.[0])).toEqual(['4', '3', '2', '1']);
      await typePin(page, '000000');
      const locked = page.getByTestId('login-locked');
      await locked.waitFor();
      expect(await locked.innerText()).toMatch(/\d+/);
      expect(await page.getByTestId('keypad-numeric').locator('[data-key="1"]').isDisabled()).toBe(true);
      await saveScreenshot(page, 'agent-login-locked');
      await expectNoAxeViolations(page, 'agent-login-locked');

      // Choosing the agent again clears the screen, not the lock.
      await page.getByTestId('other-agent').click();
      await chooseAgent(page, AGENT.name);
      await typePin(page, AGENT.pin);
      await locked.waitFor();
      expect(page.url()).toContain('#/agent/login');
    });
  });

  it('keeps an agent who is not the administrator out of the admin screen', async () => {
    await withKiosk(async (page) => {
      await logIn(page, AGENT);
      expect(await page.getByTestId('nav-agent-admin').count()).toBe(0);
      await page.goto(new URL('#/agent/admin', page.url()).href);
      await page.waitForURL((url) => url.hash === '#/agent');
      expect(await page.getByTestId('agents-table').count()).toBe(0);
    });
  });

  it('sends a visitor of an agent screen to the login, and back home from there', async () => {
    await withKiosk(async (page) => {
      await page.goto(new URL('#/agent/admin', page.url()).href);
      await page.waitForURL((url) => url.hash.startsWith('#/agent/login'));
      await page.getByTestId('back-home').click();
      await page.waitForURL((url) => url.hash === '#/');
    }, '/');
  });
});

describe('administrator', () => {
  it('adds an agent who can then log in; both show in the audit log', async () => {
    await withKiosk(async (page) => {
      await logIn(page, ADMIN);
      await page.getByTestId('nav-agent-admin').click();
      await page.getByTestId('agents-table').waitFor();
      await expectNoAxeViolations(page, 'agent-admin');
      await page.getByTestId('agent-add').click();
      await page.getByTestId('new-agent-name').fill('周明');
      await page.getByTestId('new-agent-role-agent').check();
      await typePin(page, '975310');
      await typePin(page, '975310');
      await page.getByTestId('new-agent-save').click();
      await page.getByTestId('agents-notice').waitFor();
      expect(await page.getByTestId('agent-row').count()).toBe(3);
      await saveScreenshot(page, 'agent-admin');

      await page.getByTestId('agent-logout').click();
      await page.waitForURL((url) => url.hash === '#/');
      await logIn(page, { name: '周明', pin: '975310' });

      await page.getByTestId('agent-logout').click();
      await page.waitForURL((url) => url.hash === '#/');
      await logIn(page, ADMIN);
      await page.getByTestId('nav-agent-admin').click();
      await page.getByTestId('audit-row').first().waitFor();
      const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
      expect(actions.slice(0, 6)).toEqual(['login', 'logout', 'login', 'logout', 'agentAdded', 'login']);
    });
  });

  it('asks the administrator PIN again before leaving kiosk mode, audits it, and the chain verifies', async () => {
    await withKiosk(async (page) => {
      await logIn(page, ADMIN);
      await page.getByTestId('nav-agent-admin').click();
      await page.getByTestId('kiosk-exit').click();
      await typePin(page, '111111');
      await page.getByTestId('kiosk-exit-message').waitFor();
      expect(await page.getByTestId('kiosk-exit-done').count()).toBe(0);
      await typePin(page, ADMIN.pin);
      await page.getByTestId('kiosk-exit-done').waitFor();
      const newest = page.getByTestId('audit-row').first();
      expect(await newest.getAttribute('data-action')).toBe('kioskExit');
      expect(await page.locator('[data-testid="audit-row"][data-action="loginFailed"]').count()).toBe(1);

      await page.getByTestId('audit-verify').click();
      const verdict = page.getByTestId('audit-verdict');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-ok')).toBe('true');
      await expectNoAxeViolations(page, 'agent-admin-audit');
    });
  });
});

describe('agent idle timeout', () => {
  it('outlasts the residents’ 90 s, warns before 5 minutes, then logs out (audited) and goes home', async () => {
    await withKiosk(
      async (page) => {
        await logIn(page, ADMIN);
        await page.clock.fastForward(120_000);
        expect(await page.getByTestId('idle-dialog').count()).toBe(0);
        expect(page.url()).toMatch(/#\/agent$/);
        await page.clock.fastForward(170_000);
        await page.getByTestId('idle-dialog').waitFor();
        const seconds = Number(await page.getByTestId('idle-countdown').innerText());
        expect(seconds).toBeGreaterThan(0);
        expect(seconds).toBeLessThanOrEqual(20);
        await page.clock.fastForward(25_000);
        await page.waitForURL((url) => url.hash === '#/');

        // The session is over: agent screens ask for the login again.
        await page.goto(new URL('#/agent', page.url()).href);
        await page.waitForURL((url) => url.hash.startsWith('#/agent/login'));
        await logIn(page, ADMIN);
        await page.getByTestId('nav-agent-admin').click();
        const logout = page.locator('[data-testid="audit-row"][data-action="logout"]').first();
        expect(await logout.innerText()).toContain('idle');
      },
      '/#/agent/login',
      true,
    );
  });
});

describe('agent screens under the real CSP', () => {
  it('log in and open the admin screen without a single violation (the agent code loads after zod is told not to eval)', async () => {
    const context = await kiosk.browser.newContext({ ...KIOSK_CONTEXT_OPTIONS, bypassCSP: false });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
    });
    try {
      const page = await openKiosk(context, '/#/agent/login');
      await logIn(page, ADMIN);
      await page.getByTestId('nav-agent-admin').click();
      await page.getByTestId('audit-table').waitFor();
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
