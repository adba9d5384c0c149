import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openKiosk, pageProblems, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();

async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.locator(`[data-key="${key}"]`).click();
}

describe('tracking by number', () => {
  it('says plainly when a number does not exist, and only enables search at 9 digits', async () => {
    const page = await openKiosk(kiosk.browser, '/#/track');
    try {
      await expectNoAxeViolations(page, 'track-empty');
      await tapKeys(page, '99010100');
      expect(await page.getByTestId('track-search').isDisabled()).toBe(true);
      await tapKeys(page, '9');
      expect(await page.locator('[data-key="0"]').isDisabled()).toBe(true);
      await page.getByTestId('track-search').click();
      const message = page.getByTestId('track-not-found');
      await message.waitFor();
      expect(await message.innerText()).toContain('990101009');
      await saveScreenshot(page, 'track-not-found');
      await expectNoAxeViolations(page, 'track-not-found');
      // Changing the number clears the old answer.
      await page.locator('[data-key="backspace"]').click();
      expect(await message.count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('takes a full number typed by a QR scanner, followed by Enter, anywhere on the screen', async () => {
    const page = await openKiosk(kiosk.browser, '/#/feedback/new');
    try {
      await page.getByTestId('preset-2').click();
      await page.evaluate(() => {
        window.print = () => undefined;
      });
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      const ticketNo = (await page.getByTestId('ticket-no').innerText()).match(/YJ-\d{12}-\d{6}-\d{3}/)?.[0];
      if (!ticketNo) throw new Error('no ticket number on screen');

      await page.getByTestId('ticket-track').click();
      await page.getByTestId('track-search').waitFor();
      await page.keyboard.type(ticketNo, { delay: 5 });
      await page.keyboard.press('Enter');
      await page.getByTestId('track-feedback').waitFor();
      expect(await page.getByTestId('track-ticket-no').innerText()).toBe(ticketNo);
      expect(await page.getByTestId('track-category').innerText()).toBe('咨询');

      // Another village's receipt with the same 9 digits is not this ticket.
      await page.getByTestId('track-again').click();
      const foreign = ticketNo.replace(/^YJ-\d{12}/, 'YJ-999999999999');
      await page.keyboard.type(foreign, { delay: 5 });
      await page.keyboard.press('Enter');
      await page.getByTestId('track-not-found').waitFor();
      expect(await page.getByTestId('track-not-found').innerText()).toContain(foreign);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
