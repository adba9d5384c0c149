import { describe, expect, it } from 'vitest';
import { containsFullIdNumber } from '../../shared/privacy/masking';
import { formatFenGrouped } from '../../shared/money';
import { STAGE_KINDS } from '../../shared/domain/fundProgram';
import { expectNoAxeViolations, openKiosk, readDemoPrograms, readStationDisbursements, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();

describe('fund programs', () => {
  it('lists the newest year’s programs with charts, and filters by year and category', async () => {
    const programs = await readDemoPrograms();
    const rows = await readStationDisbursements();
    const newest = Math.max(...programs.map((p) => p.year));
    const page = await openKiosk(kiosk.browser, '/#/programs');
    try {
      await page.locator('[data-testid^="program-card-"]').first().waitFor();
      const shownIds = async (): Promise<string[]> =>
        page.locator('[data-testid^="program-card-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('program-card-'.length)).sort());
      expect(await shownIds()).toEqual(programs.filter((p) => p.year === newest).map((p) => p.id).sort());
      // The list updates in place after a filter: wait until it shows exactly the expected cards.
      const waitForCards = (ids: string[]): Promise<unknown> =>
        page.waitForFunction((expected) => {
          const shown = [...document.querySelectorAll('[data-testid^="program-card-"]')].map((el) => el.getAttribute('data-testid')!.slice('program-card-'.length));
          return shown.length === expected.length && expected.every((id) => shown.includes(id));
        }, ids);
      await page.locator('[data-testid="chart-budget"] svg').first().waitFor();
      await page.locator('[data-testid="chart-years"] svg').first().waitFor();

      // The paid figure on a card is what the station's rows add up to.
      const program = programs.find((p) => p.year === newest && rows.some((r) => r.row.programId === p.id))!;
      const paid = rows.filter((r) => r.row.programId === program.id).reduce((sum, r) => sum + r.row.paidFen, 0);
      expect(await page.getByTestId(`program-card-${program.id}`).getByTestId('program-paid').innerText()).toContain(formatFenGrouped(paid));
      await saveScreenshot(page, 'programs');
      await expectNoAxeViolations(page, 'programs');

      const olderYear = newest - 3;
      await page.getByTestId('filter-year').selectOption(String(olderYear));
      await waitForCards(programs.filter((p) => p.year === olderYear).map((p) => p.id));
      expect(await shownIds()).toEqual(programs.filter((p) => p.year === olderYear).map((p) => p.id).sort());

      const category = programs.find((p) => p.year === olderYear)!.category;
      await page.getByTestId(`filter-category-${category}`).click();
      await page.waitForFunction((cat) => document.querySelector(`[data-testid="filter-category-${cat}"]`)?.getAttribute('aria-pressed') === 'true', category);
      await waitForCards(programs.filter((p) => p.year === olderYear && p.category === category).map((p) => p.id));
      expect(await shownIds()).toEqual(programs.filter((p) => p.year === olderYear && p.category === category).map((p) => p.id).sort());

      await page.getByTestId('chart-budget-toggle-table').click();
      const table = await page.getByTestId('chart-budget-table').innerText();
      expect(table).toContain(programs.find((p) => p.year === olderYear && p.category === category)!.name);
      await expectNoAxeViolations(page, 'programs-filtered');
    } finally {
      await page.context().close();
    }
  });

  it('shows a program’s policy documents, allocation timeline, notice window, group totals and masked beneficiaries', async () => {
    const programs = await readDemoPrograms();
    const rows = await readStationDisbursements();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.row.programId, (counts.get(r.row.programId) ?? 0) + 1);
    const [programId, total] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const program = programs.find((p) => p.id === programId)!;
    const programRows = rows.filter((r) => r.row.programId === programId);

    const page = await openKiosk(kiosk.browser, '/#/programs');
    try {
      await page.getByTestId('filter-year').selectOption(String(program.year));
      await page.getByTestId(`program-card-${programId}`).click();
      await page.getByTestId('program-title').waitFor();

      const documents = await page.getByTestId('policy-documents').innerText();
      for (const doc of program.documents) {
        expect(documents).toContain(doc.docNo);
        expect(documents).toContain(doc.title);
      }
      const stages = await page.locator('[data-testid="stage-timeline"] li[data-stage]').evaluateAll((els) => els.map((el) => el.getAttribute('data-stage')));
      expect(stages).toEqual([...STAGE_KINDS]);
      expect(await page.locator('[data-testid="stage-timeline"] [aria-current="step"]').count()).toBeLessThanOrEqual(1);

      const notice = await page.getByTestId('notice-window').innerText();
      expect(notice).toContain(program.noticeFrom);
      expect(notice).toContain(program.noticeTo);
      expect(await page.getByTestId('consult-phone').innerText()).toContain(program.consultPhone);
      expect(await page.getByTestId('supervise-phone').innerText()).toContain(program.supervisePhone);

      const groups = new Map<number, number>();
      for (const r of programRows) groups.set(r.row.group, (groups.get(r.row.group) ?? 0) + r.row.paidFen);
      for (const [group, paid] of groups) {
        expect(await page.locator(`[data-testid="group-row"][data-group="${group}"]`).innerText()).toContain(formatFenGrouped(paid));
      }

      const list = page.getByTestId('beneficiary-list');
      expect(Number(await list.getAttribute('data-total'))).toBe(total);
      await page.locator('[data-testid="beneficiary-row"]').first().waitFor();
      expect(await page.locator('[data-testid="beneficiary-row"]').count()).toBeLessThanOrEqual(Math.min(total, 60));
      await list.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      const last = page.locator(`[data-rank="${total - 1}"] [data-testid="beneficiary-name"]`);
      await last.waitFor();
      expect(await last.innerText()).toMatch(/^\S{1,2}\*$/);
      const listText = await list.innerText();
      for (const r of programRows) expect(listText).not.toContain(r.row.headName.length > 1 ? r.row.headName : '\u0000');
      expect(containsFullIdNumber(await page.evaluate(() => document.body.innerText))).toBe(false);
      await saveScreenshot(page, 'program-detail');
      await expectNoAxeViolations(page, 'program-detail');
    } finally {
      await page.context().close();
    }
  });

  it('says so for a program that does not exist', async () => {
    const page = await openKiosk(kiosk.browser, '/#/programs/NOPE-2020');
    try {
      await page.getByTestId('program-missing').waitFor();
      await expectNoAxeViolations(page, 'program-missing');
    } finally {
      await page.context().close();
    }
  });
});
