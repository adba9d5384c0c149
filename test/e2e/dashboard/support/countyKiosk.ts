import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { writeKioskProvisioning } from '../../../../scripts/lib/kioskProvisioning';
import { startPreviewServer, type PreviewServer } from '../../../../scripts/lib/previewServer';
import { completeIdNumber } from '../../../../shared/identity/idNumber';
import { KIOSK_CONTEXT_OPTIONS } from '../../support';
import type { DashboardCounty } from './county';

/** The demo agent the README gives (shared/agents/demoAgents.ts). */
const AGENT_PIN = '135790';
const READY = 'html[data-ready="true"]';

export interface CountyKiosk {
  url: string;
  /** One browser profile: the kiosk enrols once and keeps its IndexedDB between pages. */
  context: BrowserContext;
  /** Opens a kiosk route (e.g. '#/track') and waits until the kiosk's data is ready. */
  open(hash: string, page?: Page): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A village kiosk in web mode provisioned for the county (like `npm start`): served with a
 * provisioning file only, it enrols itself and syncs the county's data on start.
 */
export async function startCountyKiosk(browser: Browser, county: DashboardCounty): Promise<CountyKiosk> {
  const workDir = await mkdtemp(join(tmpdir(), 'dashboard-kiosk-'));
  let preview: PreviewServer | null = null;
  try {
    await writeKioskProvisioning(county.demoDir, workDir, { countyUrl: county.origin, code: await county.enrollCode(), deviceName: 'round-trip kiosk' });
    preview = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: workDir, countyOrigin: county.origin });
    const context = await browser.newContext(KIOSK_CONTEXT_OPTIONS);
    const url = preview.url;
    const running = preview;
    return {
      url,
      context,
      open: async (hash, existing) => {
        const page = existing ?? (await context.newPage());
        await page.goto(`${url}${hash}`);
        await page.waitForSelector(READY, { state: 'attached', timeout: 120_000 });
        return page;
      },
      close: async () => {
        await context.close();
        await running.close();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await preview?.close();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

export async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.locator(`[data-key="${key}"]`).click();
}

export async function loginAsAgent(page: Page): Promise<void> {
  await page.getByTestId('agent-entry').click();
  await page.locator('[data-testid="agent-choice"][data-role="agent"]').first().click();
  for (const digit of AGENT_PIN) await page.locator(`[data-testid="keypad-numeric"] [data-key="${digit}"]`).first().click();
  await page.waitForURL(/#\/agent$/);
}

/** Moves the open case on the agent's case page and waits for the new state. */
export async function moveCase(page: Page, to: string, reason?: string): Promise<void> {
  await page.getByTestId(`transition-${to}`).click();
  if (reason !== undefined) await page.getByTestId('transition-reason').fill(reason);
  await page.getByTestId('transition-confirm').click();
  await page.locator(`[data-testid="case-state"][data-state="${to}"]`).waitFor();
}

/** An agent files a case for a resident (item by code, every material received); returns its receipt number. */
export async function fileCase(page: Page, itemCode: string): Promise<string> {
  await loginAsAgent(page);
  await page.getByTestId('new-case').click();
  await page.getByTestId('item-search').fill(itemCode);
  await page.getByTestId(`item-${itemCode}`).click();
  await page.locator('[data-testid="case-step"][data-step="applicant"]').waitFor();
  await page.getByTestId('applicant-name').fill('周玉梅');
  await page.getByTestId('applicant-id').fill(completeIdNumber('34122219580314042'));
  await page.getByTestId('applicant-phone').fill('139 0551 2468');
  await page.getByTestId('applicant-group').selectOption('2');
  await page.getByTestId('step-next').click();
  await page.locator('[data-testid="case-step"][data-step="materials"]').waitFor();
  await page.getByTestId('step-next').click();
  await page.locator('[data-testid="case-step"][data-step="confirm"]').waitFor();
  await page.getByTestId('case-confirm').click();
  await page.getByTestId('case-created').waitFor();
  return (await page.getByTestId('case-receipt-no').innerText()).trim();
}

/** The 9 digits a resident types to track a receipt or ticket (DB-…-YYMMDD-NNN → YYMMDDNNN). */
export function localNoOf(receiptNo: string): string {
  return receiptNo.slice(-10).replace('-', '');
}

/** Polls (bounded: 120 tries, 0.5 s apart) until the condition holds. */
export async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
