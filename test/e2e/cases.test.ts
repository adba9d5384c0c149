import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addWorkingDays } from '../../shared/calendar/workingDays';
import { DEMO_FILES } from '../../shared/demo/manifest';
import { holidaySchema, serviceItemSchema } from '../../shared/domain/serviceItem';
import { completeIdNumber } from '../../shared/identity/idNumber';
import { containsFullIdNumber } from '../../shared/privacy/masking';
import zhCases from '../../renderer/src/i18n/zh-CN/cases';
import { kioskToday } from '../../renderer/src/db/repositories/receiptNumbers';
import { e2eDemoDir, expectNoAxeViolations, openKiosk, pageProblems, readStationDisbursements, saveScreenshot, useBrowser } from './support';
import { withWrongCheckDigit } from './support/idCard';
import { ARTIFACTS_DIR } from './support/paths';

/** The demo agent the README gives (helper data: shared/agents/demoAgents.ts). */
const AGENT_PIN = '135790';
/** 参保登记: three materials, five working days in the demo catalog. */
const ITEM_CODE = 'SB001';
const APPLICANT_ID = completeIdNumber('34122219580314042');

const kiosk = useBrowser();

async function readDemo<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(JSON.parse(await readFile(join(e2eDemoDir(), file), 'utf8')) as unknown);
}

async function loginAsAgent(page: Page): Promise<void> {
  await page.getByTestId('agent-entry').click();
  await page.locator('[data-testid="agent-choice"][data-role="agent"]').first().click();
  for (const digit of AGENT_PIN) await page.locator(`[data-testid="keypad-numeric"] [data-key="${digit}"]`).first().click();
  await page.waitForURL(/#\/agent$/);
}

function countStored(page: Page, store: 'cases' | 'caseEvents'): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('village-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name, 'readonly').objectStore(name).count();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

function auditTrail(page: Page): Promise<Array<[string, string]>> {
  return page.evaluate(
    () =>
      new Promise<Array<[string, string]>>((resolve, reject) => {
        const open = indexedDB.open('village-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('auditLog', 'readonly').objectStore('auditLog').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as Array<{ action: string; subject: string }>).map((entry) => [entry.action, entry.subject]));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function move(page: Page, to: string, reason?: string): Promise<void> {
  await page.getByTestId(`transition-${to}`).click();
  if (reason !== undefined) await page.getByTestId('transition-reason').fill(reason);
  await page.getByTestId('transition-confirm').click();
  await page.locator(`[data-testid="case-state"][data-state="${to}"]`).waitFor();
}

async function offered(page: Page): Promise<string[]> {
  return page.locator('[data-testid="case-transitions"] [data-transition]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-transition') ?? ''));
}

describe('proxy-service cases', () => {
  it('takes a case from creation to hand-back, with the receipt printed and no full ID on paper', async () => {
    const items = await readDemo(DEMO_FILES.serviceItems, z.array(serviceItemSchema));
    const holidays = await readDemo(DEMO_FILES.holidays, z.array(holidaySchema));
    const item = items.find((candidate) => candidate.code === ITEM_CODE);
    if (!item) throw new Error(`the demo catalog has no ${ITEM_CODE}`);
    const expectedDeadline = addWorkingDays(kioskToday(), item.promisedDays, holidays);

    const page = await openKiosk(kiosk.browser, '/');
    try {
      await loginAsAgent(page);
      await page.getByTestId('new-case').click();
      await page.locator('[data-testid="case-step"][data-step="item"]').waitFor();
      await expectNoAxeViolations(page, 'case-new-item');

      // 1. the item, found by searching the catalog
      await page.getByTestId('item-search').fill(ITEM_CODE);
      await page.getByTestId(`item-${ITEM_CODE}`).click();
      await page.locator('[data-testid="case-step"][data-step="applicant"]').waitFor();

      // 2. the applicant, first with a mistyped ID: its own message, nothing saved
      await page.getByTestId('applicant-name').fill('周玉梅');
      await page.getByTestId('applicant-id').fill(withWrongCheckDigit(APPLICANT_ID));
      await page.getByTestId('applicant-phone').fill('139 0551 2468');
      await page.getByTestId('applicant-group').selectOption('2');
      await page.getByTestId('step-next').click();
      const idError = page.getByTestId('error-idNumber');
      await idError.waitFor();
      expect(await idError.getAttribute('data-code')).toBe('CHECK_DIGIT');
      expect(await idError.innerText()).toBe(zhCases.errors.idNumber.CHECK_DIGIT);
      expect(await page.getByTestId('applicant-id').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('applicant-id').getAttribute('aria-describedby')).toContain('applicant-id-error');
      expect(await page.locator('[data-testid="case-step"]').getAttribute('data-step')).toBe('applicant');
      await saveScreenshot(page, 'case-new-id-error');
      await expectNoAxeViolations(page, 'case-new-id-error');
      expect(await countStored(page, 'cases')).toBe(0);
      expect(await countStored(page, 'caseEvents')).toBe(0);

      await page.getByTestId('applicant-id').fill(APPLICANT_ID);
      await page.getByTestId('step-next').click();
      await page.locator('[data-testid="case-step"][data-step="materials"]').waitFor();

      // 3. materials: the first received as an original, the rest missing
      await page.getByTestId('material-received-0').click();
      expect(await page.getByTestId('material-received-0').getAttribute('aria-pressed')).toBe('true');
      await page.getByTestId('step-next').click();

      // 4. confirm
      await page.locator('[data-testid="case-step"][data-step="confirm"]').waitFor();
      await page.getByTestId('case-confirm').click();
      await page.getByTestId('case-created').waitFor();
      const receiptNo = (await page.getByTestId('case-receipt-no').innerText()).trim();
      expect(receiptNo).toMatch(/^DB-\d{12}-\d{6}-\d{3}$/);
      const localNo = receiptNo.slice(-10).replace('-', '');
      expect(await page.getByTestId('case-deadline').innerText()).toContain(expectedDeadline);
      expect(await page.getByTestId('case-applicant').innerText()).toContain('周玉梅');
      // The agent sees the ID masked until asking for it.
      expect(await page.getByTestId('case-id-number').innerText()).not.toContain(APPLICANT_ID);
      await page.getByTestId('toggle-id').click();
      expect(await page.getByTestId('case-id-number').innerText()).toBe(APPLICANT_ID);
      await page.getByTestId('toggle-id').click();
      await saveScreenshot(page, 'case-detail-created');
      await expectNoAxeViolations(page, 'case-detail');

      // The receipt: printed through the bridge with a receipt-width page, then to PDF.
      await page.evaluate(() => {
        const w = window as unknown as { printCalls: number; pageRules: string[] };
        w.printCalls = 0;
        w.pageRules = [];
        window.print = () => {
          w.printCalls += 1;
          for (const sheet of document.adoptedStyleSheets) for (const rule of Array.from(sheet.cssRules)) w.pageRules.push(rule.cssText);
        };
      });
      await page.getByTestId('print-receipt').click();
      await page.getByTestId('case-status-message').waitFor();
      const printed = await page.evaluate(() => {
        const w = window as unknown as { printCalls: number; pageRules: string[] };
        return { printCalls: w.printCalls, pageRules: w.pageRules };
      });
      expect(printed.printCalls).toBe(1);
      expect(printed.pageRules.join(' ')).toMatch(/@page \{ size: 80mm \d+mm; margin: 3mm; \}/);
      // The rule is removed once printing is done.
      expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);

      await page.emulateMedia({ media: 'print' });
      const receipt = page.getByTestId('case-receipt');
      expect(await receipt.isVisible()).toBe(true);
      expect(await page.getByTestId('case-transitions').isVisible()).toBe(false);
      expect(await receipt.locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const pdfPath = join(ARTIFACTS_DIR, `case-receipt-${localNo}.pdf`);
      await page.pdf({ path: pdfPath, width: '80mm', height: '200mm', printBackground: false });
      const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
      expect(pdfText).toContain(localNo);
      // A narrow roll wraps long names: compare without the line breaks.
      const compact = pdfText.replace(/\s+/g, '');
      expect(compact).toContain(receiptNo);
      expect(compact).toContain(item.name);
      expect(pdfText).toContain(expectedDeadline);
      for (const material of item.materials) expect(compact).toContain(material.name);
      expect(pdfText).toContain(APPLICANT_ID.slice(-4));
      expect(pdfText).not.toContain(APPLICANT_ID);
      expect(containsFullIdNumber(pdfText)).toBe(false);
      expect(pdfText).not.toContain('玉梅');
      expect(pdfText).toContain('周*');
      await page.emulateMedia({ media: 'screen' });

      // A resident tracks the new case by the 9 digits on the receipt: state, what is missing, masked applicant.
      const trackCase = async (): Promise<Page> => {
        const resident = await page.context().newPage();
        await resident.goto(page.url().replace(/#.*$/, '#/track'));
        await resident.waitForSelector('html[data-ready="true"]', { state: 'attached' });
        for (const digit of localNo) await resident.locator(`[data-testid="keypad-numeric"] [data-key="${digit}"]`).click();
        await resident.getByTestId('track-search').click();
        await resident.getByTestId('track-case').waitFor();
        return resident;
      };
      const tracked = await trackCase();
      expect(await tracked.getByTestId('track-receipt-no').innerText()).toContain(receiptNo);
      expect(await tracked.getByTestId('track-state').getAttribute('data-state')).toBe('entrusted');
      expect(await tracked.getByTestId('track-deadline').innerText()).toContain(expectedDeadline);
      const missingText = await tracked.getByTestId('track-missing').innerText();
      for (const material of item.materials.slice(1)) expect(missingText).toContain(material.name);
      expect(missingText).not.toContain(item.materials[0]!.name);
      expect(await tracked.getByTestId('track-applicant').innerText()).toContain('周*');
      const trackedText = await tracked.evaluate(() => document.body.innerText);
      expect(trackedText).not.toContain('玉梅');
      expect(containsFullIdNumber(trackedText)).toBe(false);
      await saveScreenshot(tracked, 'track-case-entrusted');
      await expectNoAxeViolations(tracked, 'track-case');
      await tracked.close();

      // The lifecycle: only legal moves are offered, a reason is asked for where needed.
      expect((await offered(page)).sort()).toEqual(['accepted', 'declined', 'terminated']);
      await move(page, 'accepted');
      expect((await offered(page)).sort()).toEqual(['awaitingMaterials', 'submitted', 'terminated']);
      await page.getByTestId('transition-awaitingMaterials').click();
      await page.getByTestId('transition-confirm').click();
      expect(await page.getByTestId('transition-reason').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('case-state').getAttribute('data-state')).toBe('accepted');
      await page.getByTestId('transition-reason').fill('缺户口簿复印件');
      await page.getByTestId('transition-confirm').click();
      await page.locator('[data-testid="case-state"][data-state="awaitingMaterials"]').waitFor();
      await move(page, 'submitted');
      await move(page, 'completed');
      expect(await offered(page)).toEqual(['handedBack']);
      await move(page, 'handedBack');
      expect(await offered(page)).toEqual(['renewed']);
      expect(await page.getByTestId('transition-completed').count()).toBe(0);

      const trail = (await auditTrail(page)).filter(([, subject]) => subject === receiptNo).map(([action]) => action);
      expect(trail).toEqual(['caseCreated', 'print', 'caseTransition', 'caseTransition', 'caseTransition', 'caseTransition', 'caseTransition']);

      const timeline = await page.getByTestId('case-timeline').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-state')));
      expect(timeline).toEqual(['entrusted', 'accepted', 'awaitingMaterials', 'submitted', 'completed', 'handedBack']);
      expect(await page.getByTestId('case-timeline').innerText()).toContain('缺户口簿复印件');
      await saveScreenshot(page, 'case-detail-handed-back');
      const trackedLater = await trackCase();
      expect(await trackedLater.getByTestId('track-state').getAttribute('data-state')).toBe('handedBack');
      expect(await trackedLater.getByTestId('track-timeline').innerText()).toContain('缺户口簿复印件');
      await trackedLater.close();

      // The workstation finds it by its number and by the ID's last four.
      await page.getByTestId('nav-agent-home').click();
      await page.getByTestId('case-search').fill(localNo);
      await page.getByTestId('case-search-submit').click();
      await page.locator(`[data-testid="search-results"] [data-testid="open-case-${localNo}"]`).waitFor();
      await page.getByTestId('case-search').fill(APPLICANT_ID.slice(-4));
      await page.getByTestId('case-search-submit').click();
      await page.locator(`[data-testid="search-results"] [data-testid="open-case-${localNo}"]`).waitFor();
      // Created today, and settled: in the today tab, never in the overdue one.
      await page.locator(`[data-testid="panel-today"] [data-testid="case-row-${localNo}"]`).waitFor();
      await page.getByTestId('tab-overdue').click();
      await page.locator('[data-testid="panel-overdue"][data-loaded="true"]').waitFor();
      expect(await page.locator(`[data-testid="panel-overdue"] [data-testid="case-row-${localNo}"]`).count()).toBe(0);
      await expectNoAxeViolations(page, 'agent-home');
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('opens prefilled from a failed payment: the item chosen, the household head and group filled in', async () => {
    const failed = (await readStationDisbursements()).find((r) => r.row.status === 'failed' || r.row.status === 'returned');
    if (!failed) throw new Error('the demo station has no failed payment');
    const householdKey = `${failed.row.villageCode}-${failed.row.householdNo}`;
    const page = await openKiosk(kiosk.browser, '/');
    try {
      await loginAsAgent(page);
      await page.evaluate(
        ([household, disbursement, item]) => {
          location.hash = `#/agent/cases/new?item=${item}&household=${encodeURIComponent(household!)}&disbursement=${encodeURIComponent(disbursement!)}`;
        },
        [householdKey, failed.row.id, ITEM_CODE],
      );
      await page.locator('[data-testid="case-step"][data-step="applicant"]').waitFor();
      await page.getByTestId('prefilled').waitFor();
      expect(await page.getByTestId('applicant-name').inputValue()).toBe(failed.row.headName);
      expect(await page.getByTestId('applicant-group').inputValue()).toBe(String(failed.row.group));
      const items = await readDemo(DEMO_FILES.serviceItems, z.array(serviceItemSchema));
      expect(await page.getByTestId('chosen-item').innerText()).toContain(items.find((i) => i.code === ITEM_CODE)?.name ?? ITEM_CODE);

      // The household's ID is only known masked: the agent types the full one from the card.
      await page.getByTestId('step-next').click();
      expect(await page.getByTestId('error-idNumber').getAttribute('data-code')).toBe('LENGTH');
      await page.getByTestId('applicant-id').fill(APPLICANT_ID);
      await page.getByTestId('applicant-phone').fill('0551-62345678');
      await page.getByTestId('step-next').click();
      await page.getByTestId('step-next').click();
      await page.getByTestId('case-confirm').click();
      await page.getByTestId('case-created').waitFor();
      expect(await page.getByTestId('case-from-disbursement').innerText()).toContain(failed.row.id);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
