import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { containsFullIdNumber, maskPersonName } from '../../shared/privacy/masking';
import { expectNoAxeViolations, openKiosk, pageProblems, readDemoManifest, readStationDisbursements, saveScreenshot, useBrowser, type DemoDisbursement } from './support';
import { ARTIFACTS_DIR } from './support/paths';

const kiosk = useBrowser();
let stationRows: DemoDisbursement[] = [];
let dataAsOf = '';

beforeAll(async () => {
  [stationRows, { dataAsOf }] = await Promise.all([readStationDisbursements(), readDemoManifest()]);
});

async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.locator(`[data-key="${key}"]`).click();
}

/** window.print blocks on a dialog in a real browser: tests count the calls instead. */
async function stubPrint(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printCalls: number };
    w.printCalls = 0;
    window.print = () => {
      w.printCalls += 1;
    };
  });
}

/** Rows in the kiosk's feedback table, read straight from IndexedDB. */
function storedFeedbackCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('village-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('feedback').objectStore('feedback').count();
          request.onsuccess = () => {
            resolve(request.result);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

describe('objections and feedback', () => {
  it('files an objection against one payment from the household page, prints the slip and tracks it', async () => {
    // A failed payment whose public notice has opened: the case residents object to most.
    const target = stationRows.find((r) => r.row.status === 'failed' && r.program.noticeFrom <= dataAsOf);
    if (!target) throw new Error('the demo station has no failed payment after its public notice');
    const { row, program } = target;
    const householdKey = `${row.villageCode}-${row.householdNo}`;
    const page = await openKiosk(kiosk.browser, `/#/subsidies/household/${encodeURIComponent(householdKey)}`);
    try {
      await page.getByTestId(`object-${row.id}`).click();
      await page.getByTestId('feedback-subject').waitFor();
      expect(await page.getByTestId('subject-program').innerText()).toContain(program.name);
      expect(await page.getByTestId('subject-head').innerText()).toBe(maskPersonName(row.headName));
      expect(await page.getByTestId('category-objection').getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByTestId('subject-status').innerText()).toBe('发放失败');
      await page.getByTestId('preset-1').click();
      expect(await page.getByTestId('feedback-text').inputValue()).toBe('没有收到');
      await tapKeys(page, '13900139000');
      expect(await page.getByTestId('callback-phone').inputValue()).toBe('13900139000');
      await saveScreenshot(page, 'feedback-objection-form');
      await expectNoAxeViolations(page, 'feedback-objection-form');

      await stubPrint(page);
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      await page.getByTestId('print-message').waitFor();
      expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
      const localNo = await page.getByTestId('ticket-local-no').innerText();
      expect(localNo).toMatch(/^\d{9}$/);
      const ticketNo = (await page.getByTestId('ticket-no').innerText()).match(/YJ-\d{12}-\d{6}-\d{3}/)?.[0];
      expect(ticketNo?.replace(/^YJ-\d{12}-(\d{6})-(\d{3})$/, '$1$2')).toBe(localNo);
      expect(ticketNo?.slice(3, 15)).toBe(row.villageCode);
      await saveScreenshot(page, 'feedback-ticket');
      await expectNoAxeViolations(page, 'feedback-ticket');

      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('feedback-slip').isVisible()).toBe(true);
      expect(await page.getByTestId('feedback-done').isVisible()).toBe(false);
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const pdfPath = join(ARTIFACTS_DIR, `feedback-slip-${localNo}.pdf`);
      await page.pdf({ path: pdfPath, format: 'A4' });
      const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
      expect(pdfText).toContain(ticketNo);
      expect(pdfText).toContain(localNo);
      expect(pdfText).toContain(program.name);
      expect(pdfText).toContain('异议');
      expect(pdfText).not.toContain(row.headName);
      expect(containsFullIdNumber(pdfText)).toBe(false);
      expect(pdfText).not.toContain(row.idMasked);
      await page.emulateMedia({ media: 'screen' });

      await page.getByTestId('ticket-track').click();
      await tapKeys(page, localNo);
      await page.getByTestId('track-search').click();
      await page.getByTestId('track-feedback').waitFor();
      expect(await page.getByTestId('track-ticket-no').innerText()).toBe(ticketNo);
      expect(await page.getByTestId('track-category').innerText()).toBe('异议');
      expect(await page.getByTestId('track-feedback-state').getAttribute('data-state')).toBe('open');
      expect(await page.getByTestId('track-subject').innerText()).toContain(program.name);
      expect(await page.getByTestId('track-no-answer').isVisible()).toBe(true);
      expect(containsFullIdNumber(await page.evaluate(() => document.body.innerText))).toBe(false);
      await saveScreenshot(page, 'track-ticket');
      await expectNoAxeViolations(page, 'track-ticket');
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('objects to a whole program from its detail page', async () => {
    const program = stationRows.find((r) => r.program.noticeFrom <= dataAsOf)!.program;
    const page = await openKiosk(kiosk.browser, `/#/programs/${program.id}`);
    try {
      await page.getByTestId('object-program').click();
      await page.getByTestId('subject-program').waitFor();
      expect(await page.getByTestId('subject-program').innerText()).toContain(program.name);
      await stubPrint(page);
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      expect(await page.getByTestId('ticket-category').innerText()).toBe('异议');
    } finally {
      await page.context().close();
    }
  });

  it('shows a wrong callback phone next to the field and saves nothing', async () => {
    const page = await openKiosk(kiosk.browser, '/#/feedback/new');
    try {
      await page.getByTestId('feedback-subject').waitFor();
      expect(await page.getByTestId('category-objection').count()).toBe(0);
      expect(await page.getByTestId('category-consultation').getAttribute('aria-pressed')).toBe('true');
      await expectNoAxeViolations(page, 'feedback-general-form');
      await page.getByTestId('preset-0').click();
      await tapKeys(page, '12345');
      await page.getByTestId('feedback-submit').click();
      const error = page.getByTestId('error-callbackPhone');
      await error.waitFor();
      const phone = page.getByTestId('callback-phone');
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      expect((await phone.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
      expect(await error.innerText()).toContain('手机号');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('callback-phone');
      expect(await page.getByTestId('feedback-done').count()).toBe(0);
      expect(await storedFeedbackCount(page)).toBe(0);
      await saveScreenshot(page, 'feedback-phone-error');
      await expectNoAxeViolations(page, 'feedback-phone-error');

      // Fixed, it goes through.
      await page.locator('[data-key="clear"]').click();
      await tapKeys(page, '05561234567');
      expect(await error.count()).toBe(0);
      await stubPrint(page);
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      expect(await storedFeedbackCount(page)).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('keeps markup in the text as text, on screen', async () => {
    const markup = '<img src=x onerror="window.__xss=1"><b>粗体</b><script>window.__xss=2</script>';
    const page = await openKiosk(kiosk.browser, '/#/feedback/new');
    try {
      await page.getByTestId('category-suggestion').click();
      await page.getByTestId('feedback-text').fill(markup);
      await stubPrint(page);
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      expect(await page.getByTestId('ticket-text').innerText()).toBe(markup);
      expect(await page.getByTestId('ticket-text').locator('img, b, script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    } finally {
      await page.context().close();
    }
  });
});
