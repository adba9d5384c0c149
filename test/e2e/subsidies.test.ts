import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { containsFullIdNumber } from '../../shared/privacy/masking';
import { formatFenGrouped } from '../../shared/money';
import { nameInitials } from '../../renderer/src/db/import/householdCollector';
import { expectNoAxeViolations, openKiosk, pageProblems, readStationDisbursements, saveScreenshot, useBrowser, type DemoDisbursement } from './support';
import { fullIdForMasked, withWrongCheckDigit } from './support/idCard';
import { ARTIFACTS_DIR } from './support/paths';

const kiosk = useBrowser();

interface DemoHousehold {
  householdNo: string;
  headName: string;
  idMasked: string;
  rows: DemoDisbursement[];
}

let households: DemoHousehold[] = [];

beforeAll(async () => {
  const byNo = new Map<string, DemoHousehold>();
  for (const r of await readStationDisbursements()) {
    const h = byNo.get(r.row.householdNo) ?? { householdNo: r.row.householdNo, headName: r.row.headName, idMasked: r.row.idMasked, rows: [] };
    h.rows.push(r);
    byNo.set(h.householdNo, h);
  }
  households = [...byNo.values()];
});

function householdWith(predicate: (h: DemoHousehold) => boolean, what: string): DemoHousehold {
  const found = households.find(predicate);
  if (!found) throw new Error(`the demo county has no station household ${what}`);
  return found;
}

async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.locator(`[data-key="${key}"]`).click();
}

async function bodyText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

describe('My subsidies', () => {
  it('finds a household by household number and shows every payment with correct totals', async () => {
    const household = householdWith((h) => h.rows.some((r) => r.row.status === 'failed' || r.row.status === 'returned'), 'with a failed payment');
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await expectNoAxeViolations(page, 'subsidies-lookup-name');
      await page.getByTestId('mode-number').click();
      await tapKeys(page, household.householdNo);
      await page.getByTestId(`household-${household.householdNo}`).waitFor();
      await saveScreenshot(page, 'subsidies-results');
      await expectNoAxeViolations(page, 'subsidies-results');
      await page.getByTestId(`household-${household.householdNo}`).click();
      await page.getByTestId('household-title').waitFor();

      const due = household.rows.reduce((sum, r) => sum + r.row.dueFen, 0);
      const paid = household.rows.reduce((sum, r) => sum + r.row.paidFen, 0);
      const totals = await page.getByTestId('household-totals').innerText();
      expect(totals).toContain(formatFenGrouped(due));
      expect(totals).toContain(formatFenGrouped(paid));
      expect(totals).toContain(String(household.rows.length));
      expect(await page.locator('[data-testid^="line-"]').count()).toBe(household.rows.length);

      const failed = household.rows.filter((r) => r.row.status === 'failed' || r.row.status === 'returned');
      await expect(page.getByTestId('failed-alert').innerText()).resolves.toContain(String(failed.length));
      const failureRows = await page.getByTestId('failure-row').allInnerTexts();
      expect(failureRows).toHaveLength(failed.length);
      for (const f of failed) expect(failureRows.some((text) => text.includes(f.row.failureReason))).toBe(true);

      const text = await bodyText(page);
      expect(text).toContain(household.idMasked);
      expect(containsFullIdNumber(text)).toBe(false);
      await saveScreenshot(page, 'household-statement');
      await expectNoAxeViolations(page, 'household-statement');

      // Back returns to the same results.
      await page.getByTestId('back').click();
      await page.getByTestId(`household-${household.householdNo}`).waitFor();
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('finds a household by the pinyin initials of its head on the letter keypad', async () => {
    const household = households[0]!;
    const initials = nameInitials(household.headName).slice(0, 4);
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await tapKeys(page, initials);
      await page.getByTestId('search').click();
      const row = page.getByTestId(`household-${household.householdNo}`);
      await row.waitFor();
      // Browse lists show the surname only.
      expect(await row.innerText()).toContain(`${Array.from(household.headName)[0]}*`);
      expect(await row.innerText()).not.toContain(household.headName);
    } finally {
      await page.context().close();
    }
  });

  it('finds a household by the last 4 characters of the ID number', async () => {
    const household = households[1]!;
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await page.getByTestId('mode-id').click();
      await expectNoAxeViolations(page, 'subsidies-lookup-id');
      await tapKeys(page, household.idMasked.slice(-4));
      await page.getByTestId(`household-${household.householdNo}`).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('keypads accept only what fits', async () => {
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      const display = page.getByTestId('keypad-display');
      await tapKeys(page, 'WXHL');
      expect(await page.locator('[data-key="A"]').isDisabled()).toBe(true);
      expect((await display.innerText()).replace(/\s/g, '')).toBe('WXHL');
      expect(await page.locator('[data-key="I"]').count()).toBe(0);

      await page.getByTestId('mode-number').click();
      expect(await page.locator('[data-key="X"]').count()).toBe(0);
      await tapKeys(page, '123456');
      expect(await page.locator('[data-key="7"]').isDisabled()).toBe(true);
      expect((await display.innerText()).replace(/\s/g, '')).toBe('123456');

      await page.getByTestId('mode-id').click();
      expect(await page.locator('[data-key="X"]').isDisabled()).toBe(true);
      await tapKeys(page, '041');
      expect(await page.locator('[data-key="X"]').isDisabled()).toBe(false);
      await page.locator('[data-key="backspace"]').click();
      expect((await display.innerText()).replace(/\s/g, '')).toBe('04');
    } finally {
      await page.context().close();
    }
  });

  it('says plainly when no household matches', async () => {
    const used = new Set(households.map((h) => h.householdNo));
    const unknown = ['999999', '999998', '989898'].find((n) => !used.has(n))!;
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await page.getByTestId('mode-number').click();
      await tapKeys(page, unknown);
      await page.getByTestId('no-results').waitFor();
      await expectNoAxeViolations(page, 'subsidies-no-results');
    } finally {
      await page.context().close();
    }
  });

  it('an ID-card reader typing 18 characters and Enter opens that household directly', async () => {
    const counts = new Map<string, number>();
    for (const h of households) counts.set(h.idMasked, (counts.get(h.idMasked) ?? 0) + 1);
    const household = householdWith((h) => counts.get(h.idMasked) === 1, 'with a unique masked ID');
    const fullId = fullIdForMasked(household.idMasked);
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await page.keyboard.type(fullId);
      await page.keyboard.press('Enter');
      await page.getByTestId('household-title').waitFor();
      expect(page.url()).toContain(household.householdNo);
      expect(page.url()).not.toContain(fullId);
      const text = await bodyText(page);
      expect(text).not.toContain(fullId);
      expect(containsFullIdNumber(text)).toBe(false);
    } finally {
      await page.context().close();
    }
  });

  it('a card read on the home screen goes straight to the household too', async () => {
    const counts = new Map<string, number>();
    for (const h of households) counts.set(h.idMasked, (counts.get(h.idMasked) ?? 0) + 1);
    const household = householdWith((h) => counts.get(h.idMasked) === 1 && h !== households[0], 'with a unique masked ID');
    const fullId = fullIdForMasked(household.idMasked);
    const page = await openKiosk(kiosk.browser, '/');
    try {
      await page.keyboard.type(fullId);
      await page.keyboard.press('Enter');
      await page.getByTestId('household-title').waitFor();
      expect(page.url()).toContain(household.householdNo);
      expect(page.url()).not.toContain(fullId);
    } finally {
      await page.context().close();
    }
  });

  it('a card whose masked form matches several households shows the short list', async () => {
    const counts = new Map<string, DemoHousehold[]>();
    for (const h of households) counts.set(h.idMasked, [...(counts.get(h.idMasked) ?? []), h]);
    const shared = [...counts.values()].find((list) => list.length > 1);
    if (!shared) throw new Error('the demo county must contain two station households sharing a masked ID');
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await page.keyboard.type(fullIdForMasked(shared[0]!.idMasked));
      await page.keyboard.press('Enter');
      await page.getByTestId('household-results').waitFor();
      for (const h of shared) await page.getByTestId(`household-${h.householdNo}`).waitFor();
      expect(await page.locator('[data-testid="household-results"] li').count()).toBe(shared.length);
      await expectNoAxeViolations(page, 'subsidies-card-short-list');
    } finally {
      await page.context().close();
    }
  });

  it('a card number with a wrong check digit is refused with a message', async () => {
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await page.keyboard.type(withWrongCheckDigit(fullIdForMasked(households[0]!.idMasked)));
      await page.keyboard.press('Enter');
      await page.getByTestId('lookup-message').waitFor();
      expect(page.url()).toContain('/subsidies');
    } finally {
      await page.context().close();
    }
  });

  it('prints the household clear card (明白卡) with the policy basis and hotlines, never a full ID', async () => {
    const household = households[2]!;
    const page = await openKiosk(kiosk.browser, `/#/subsidies/household/${encodeURIComponent(`${household.rows[0]!.row.villageCode}-${household.householdNo}`)}`);
    try {
      await page.evaluate(() => {
        const w = window as unknown as { printCalls: number };
        w.printCalls = 0;
        window.print = () => {
          w.printCalls += 1;
        };
      });
      const newestYear = Math.max(...household.rows.map((r) => r.row.year));
      await page.getByTestId(`print-${newestYear}`).click();
      await page.getByTestId('print-message').waitFor();
      expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);

      await page.emulateMedia({ media: 'print' });
      const card = page.getByTestId('clear-card');
      expect(await card.isVisible()).toBe(true);
      const cardText = await card.innerText();
      const yearRows = household.rows.filter((r) => r.row.year === newestYear);
      expect(cardText).toContain(household.headName);
      for (const r of yearRows) {
        expect(cardText).toContain(r.program.name);
        expect(cardText).toContain(r.columns['政策依据文号']);
        expect(cardText).toContain(r.columns['咨询电话']);
        expect(cardText).toContain(r.columns['监督电话']);
      }
      expect(containsFullIdNumber(cardText)).toBe(false);
      expect(await page.getByTestId('household-title').isVisible()).toBe(false);

      await mkdir(ARTIFACTS_DIR, { recursive: true });
      const pdfPath = join(ARTIFACTS_DIR, `clear-card-${household.householdNo}.pdf`);
      await page.pdf({ path: pdfPath, format: 'A4' });
      const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
      expect(pdfText).toContain(household.householdNo);
      expect(pdfText).toContain(yearRows[0]!.columns['政策依据文号']);
      expect(containsFullIdNumber(pdfText)).toBe(false);
    } finally {
      await page.context().close();
    }
  });

  it('switches the results to English and back', async () => {
    const household = households[0]!;
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      await page.getByTestId('language-switch').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByTestId('mode-number').click();
      await tapKeys(page, household.householdNo);
      await page.getByTestId(`household-${household.householdNo}`).click();
      await page.getByTestId('household-title').waitFor();
      expect(await page.getByTestId('household-title').innerText()).toContain('Subsidies of');
      await saveScreenshot(page, 'household-statement-en');
      await expectNoAxeViolations(page, 'household-statement-en');
      await page.getByTestId('language-switch').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    } finally {
      await page.context().close();
    }
  });
});
