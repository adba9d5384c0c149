import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_PAGE_DEFAULT } from '../../../shared/dashboard/cases';
import { overviewResponseSchema } from '../../../shared/dashboard/overview';
import { containsFullIdNumber } from '../../../shared/privacy/masking';
import { listVillages } from '../../../server/src/repositories/villages';
import { expectNoAxeViolations, saveScreenshot, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { HttpKiosk } from './support/seedCases';

/**
 * The read pages and the clerk's two writes, on data that reached the county through real pushes:
 * two villages with kiosks (cases, an objection, a suggestion), every other demo village without one.
 */
const desk = useBrowser();
const counties = useDashboardCounty();

let villageA: string;
let villageB: string;
const receiptsA: string[] = [];
let receiptB: string;
let objectionTicket: string;
let suggestionTicket: string;
let viewer: BrowserContext;
let clerk: BrowserContext;

beforeAll(async () => {
  const { county } = counties;
  const villages = await listVillages(county.database.db);
  villageA = county.stationVillage;
  const other = villages.find((v) => v.code !== villageA);
  if (!other) throw new Error('the e2e demo set has a single village');
  villageB = other.code;

  const kioskA = await HttpKiosk.enrol(county, villageA, 'kiosk A');
  receiptsA.push(kioskA.createCase({ accepted: true }), kioskA.createCase(), kioskA.createCase());
  await kioskA.push();
  const kioskB = await HttpKiosk.enrol(county, villageB, 'kiosk B');
  receiptB = kioskB.createCase({ accepted: true });
  suggestionTicket = kioskB.feedback('suggestion', '希望周末也开放');
  objectionTicket = kioskB.feedback('objection', '我家的补贴金额不对');
  await kioskB.push();

  viewer = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
  clerk = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
});

afterAll(async () => {
  await viewer?.close();
  await clerk?.close();
});

async function receiptsShown(page: Page): Promise<string[]> {
  return page.locator('[data-testid="cases-table"] [data-testid="case-link"]').evaluateAll((links) => links.map((l) => l.getAttribute('data-receipt') ?? ''));
}

/** Waits until the case list has answered for the current filters. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="cases-table"]')?.getAttribute('aria-busy') === 'false');
}

describe('dashboard pages', () => {
  it('overview: every village with its figures, the stale ones marked in text, charts drawn from the server data', async () => {
    const { county } = counties;
    const page = await openSignedIn(viewer, county, 'viewer');
    await page.getByTestId('overview-villages').waitFor();
    const api = overviewResponseSchema.parse(await page.evaluate(async () => (await fetch('/dashboard/api/overview')).json()));

    const villages = await listVillages(county.database.db);
    const shown = await page.locator('[data-testid="overview-village"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-village')));
    expect([...shown].sort()).toEqual(villages.map((v) => v.code).sort());

    // The two villages with kiosks synced just now; the others never did and say so in words, not colour only.
    const rowOf = (code: string) => page.locator(`[data-testid="overview-village"][data-village="${code}"]`);
    expect(await rowOf(villageA).getAttribute('data-stale')).toBe('false');
    expect(await rowOf(villageB).getAttribute('data-stale')).toBe('false');
    const stale = villages.filter((v) => v.code !== villageA && v.code !== villageB);
    for (const v of stale) {
      expect(await rowOf(v.code).getAttribute('data-stale')).toBe('true');
      expect((await rowOf(v.code).getByTestId('stale-mark').innerText()).length).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('total-stale').innerText()).toBe(String(stale.length));
    expect(await page.getByTestId('total-open').innerText()).toBe(String(api.totals.cases.open));
    expect(api.totals.cases.open).toBe(4);
    expect(await page.getByTestId('total-objections').innerText()).toBe('1');

    // Charts: a canvas each, fed with what the server counted.
    await page.locator('[data-testid="chart-cases"] canvas').waitFor();
    const casesTotal = api.charts.casesByItemMonth.reduce((sum, r) => sum + r.count, 0);
    expect(casesTotal).toBe(4);
    expect(await page.getByTestId('chart-cases').getAttribute('data-total')).toBe(String(casesTotal));
    expect(api.charts.paymentsByProgram.length).toBeGreaterThan(0);
    await page.locator('[data-testid="chart-payments"] canvas').waitFor();
    // One year at a time, the latest first; another year is one choice away.
    const years = [...new Set(api.charts.paymentsByProgram.map((r) => r.year))].sort((a, b) => b - a);
    const paidIn = (year: number) => String(api.charts.paymentsByProgram.filter((r) => r.year === year).reduce((sum, r) => sum + r.paidFen, 0));
    const chart = page.getByTestId('chart-payments');
    expect(await chart.getAttribute('data-year')).toBe(String(years[0]));
    expect(await chart.getAttribute('data-paid-fen')).toBe(paidIn(years[0]!));
    if (years.length > 1) {
      await page.getByTestId('payments-year').selectOption(String(years[1]));
      await page.waitForFunction((y) => document.querySelector('[data-testid="chart-payments"]')?.getAttribute('data-year') === y, String(years[1]));
      expect(await chart.getAttribute('data-paid-fen')).toBe(paidIn(years[1]!));
      await page.getByTestId('payments-year').selectOption(String(years[0]));
    }
    await saveScreenshot(page, 'dashboard-overview');
    await expectNoAxeViolations(page, 'dashboard-overview');
    await page.close();
  });

  it('cases: filters by village and state, opens a case with its masked applicant and timeline; a viewer gets no write controls', async () => {
    const { county } = counties;
    const page = await openSignedIn(viewer, county, 'viewer', 'cases');
    await settled(page);
    expect((await receiptsShown(page)).sort()).toEqual([...receiptsA, receiptB].sort());
    await saveScreenshot(page, 'dashboard-cases');
    await expectNoAxeViolations(page, 'dashboard-cases');

    await page.getByTestId('filter-village').selectOption(villageA);
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(/village=/);
    await settled(page);
    expect((await receiptsShown(page)).sort()).toEqual([...receiptsA].sort());

    await page.getByTestId('filter-state').selectOption('accepted');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(/state=accepted/);
    await settled(page);
    expect(await receiptsShown(page)).toEqual([receiptsA[0]]);

    await page.getByTestId('case-link').first().click();
    await page.getByTestId('case-timeline').waitFor();
    expect(await page.getByTestId('case-receipt-no').innerText()).toBe(receiptsA[0]);
    const applicant = await page.getByTestId('case-applicant').innerText();
    expect(containsFullIdNumber(applicant)).toBe(false);
    expect(await page.getByTestId('applicant-id').innerText()).toMatch(/\*{4,}/);
    const entries = await page.locator('[data-testid="timeline-entry"]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-type'), r.getAttribute('data-to') ?? '']));
    expect(entries).toEqual([['created', ''], ['transition', 'accepted']]);
    // A viewer reads: no result form on the case, no answer buttons in the queue.
    expect(await page.getByTestId('case-result').count()).toBe(0);
    await expectNoAxeViolations(page, 'dashboard-case');

    // Back to the same filtered list.
    await page.getByTestId('back-to-cases').click();
    await page.waitForURL(/\/dashboard\/cases\?/);
    expect(new URL(page.url()).searchParams.get('state')).toBe('accepted');
    await settled(page);
    expect(await receiptsShown(page)).toEqual([receiptsA[0]]);
    await page.goto(county.dashboardUrl('feedback'));
    await page.locator('[data-testid="feedback-objections"] [data-testid="table-row"]').first().waitFor();
    expect(await page.getByTestId('feedback-answer-open').count()).toBe(0);
    expect(await page.getByTestId('nav-fundsImport').count()).toBe(0);
    await page.close();
  });

  it('a clerk records results: a missing reason is caught, a refused move shows the server error, a good one lands in the timeline', async () => {
    const { county } = counties;
    const page = await openSignedIn(clerk, county, 'clerk', `cases?village=${villageB}`);
    await settled(page);
    await page.getByTestId('case-link').first().click();
    await page.getByTestId('result-form').waitFor();
    await saveScreenshot(page, 'dashboard-case-clerk');
    await expectNoAxeViolations(page, 'dashboard-case-clerk');

    // From "accepted" the county may only ask for more materials, and must say which: caught before it is sent.
    expect(await page.locator('[data-testid^="result-"][type="radio"]').evaluateAll((r) => r.map((e) => e.getAttribute('value')))).toEqual(['awaitingMaterials']);
    await page.getByTestId('result-awaitingMaterials').check();
    await page.getByTestId('result-submit').click();
    await page.getByTestId('result-reason-error').waitFor();
    expect(await page.getByTestId('result-reason').getAttribute('aria-invalid')).toBe('true');

    // Meanwhile a colleague in another tab records the same: this tab's move is now refused by the server.
    const other = await clerk.newPage();
    await other.goto(page.url());
    await other.getByTestId('result-awaitingMaterials').check();
    await other.getByTestId('result-reason').fill('缺户口簿复印件');
    await other.getByTestId('result-submit').click();
    await other.getByTestId('result-saved').waitFor();
    await other.close();

    await page.getByTestId('result-reason').fill('缺身份证复印件');
    await page.getByTestId('result-submit').click();
    const refused = page.getByTestId('result-error');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('ILLEGAL_TRANSITION');
    // The page reloads the case: it now shows the colleague's result and what may follow it.
    await page.locator('[data-testid="case-state"][data-state="awaitingMaterials"]').first().waitFor();
    await page.getByTestId('result-declined').waitFor();

    await page.getByTestId('result-declined').check();
    await page.getByTestId('result-reason').fill('材料不齐，且超过申请期限');
    await page.getByTestId('result-submit').click();
    await page.getByTestId('result-saved').waitFor();
    const last = page.locator('[data-testid="timeline-entry"]').last();
    expect(await last.getAttribute('data-to')).toBe('declined');
    expect(await last.getAttribute('data-author')).toBe('county');
    expect(await last.getByTestId('timeline-reason').innerText()).toBe('材料不齐，且超过申请期限');
    expect(await page.getByTestId('case-state').first().getAttribute('data-state')).toBe('declined');
    // Declined is final: nothing more to record.
    await page.getByTestId('result-none').waitFor();
    await page.close();
  });

  it('feedback: objections first with their age, a clerk answers one and it moves to the answered list', async () => {
    const { county } = counties;
    const page = await openSignedIn(clerk, county, 'clerk', 'feedback');
    const objections = page.locator('[data-testid="feedback-objections"] [data-testid="table-row"]');
    await objections.first().waitFor();
    expect(await page.locator('[data-testid="feedback-objections"] [data-testid="feedback-ticket"]').allInnerTexts()).toEqual([objectionTicket]);
    expect(await page.locator('[data-testid="feedback-others"] [data-testid="feedback-ticket"]').allInnerTexts()).toEqual([suggestionTicket]);
    expect(await objections.first().getByTestId('feedback-age').getAttribute('data-days')).toBe('0');
    await saveScreenshot(page, 'dashboard-feedback');
    await expectNoAxeViolations(page, 'dashboard-feedback');

    await objections.first().getByTestId('feedback-answer-open').click();
    await page.getByTestId('feedback-answer-dialog').waitFor();
    await page.getByTestId('feedback-answer-submit').click();
    expect(await page.getByTestId('feedback-answer-text').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'dashboard-feedback-answer');
    await page.getByTestId('feedback-answer-text').fill('已核实，按村公示金额发放，差额下月补发');
    await page.getByTestId('feedback-answer-submit').click();
    await page.getByTestId('feedback-answered').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="feedback-objections"] [data-testid="table-row"]').length === 0);

    await page.getByTestId('feedback-tab-answered').click();
    const answered = page.locator('[data-testid="feedback-answer"]');
    await answered.first().waitFor();
    expect(await answered.first().innerText()).toContain('已核实，按村公示金额发放，差额下月补发');
    expect(await page.getByTestId('feedback-answer-open').count()).toBe(0);
    await page.close();
  });

  it('cases: pages with "load more" by the keyset cursor, and filters by date', async () => {
    const { county } = counties;
    const villages = await listVillages(county.database.db);
    const villageC = villages.find((v) => v.code !== villageA && v.code !== villageB);
    if (!villageC) throw new Error('the e2e demo set has fewer than three villages');
    const kioskC = await HttpKiosk.enrol(county, villageC.code, 'kiosk C');
    const receipts = Array.from({ length: CASES_PAGE_DEFAULT + 10 }, () => kioskC.createCase());
    await kioskC.push();

    const page = await openSignedIn(viewer, county, 'viewer', `cases?village=${villageC.code}`);
    await settled(page);
    expect(await receiptsShown(page)).toHaveLength(CASES_PAGE_DEFAULT);
    await page.getByTestId('load-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cases-table"] [data-testid="case-link"]').length === n, receipts.length);
    // Every case once: the second page continues where the first ended.
    expect((await receiptsShown(page)).sort()).toEqual([...receipts].sort());
    expect(await page.getByTestId('load-more').count()).toBe(0);

    // The receipts are dated on the kiosk's day; a range that ends before it finds none.
    // DB-<village>-YYMMDD-NNN
    const filedOn = /^DB-\d{12}-(\d{2})(\d{2})(\d{2})-/.exec(receipts[0] ?? '');
    if (!filedOn) throw new Error(`not a receipt number: ${receipts[0]}`);
    const day = `20${filedOn[1]}-${filedOn[2]}-${filedOn[3]}`;
    await page.getByTestId('cases-date-from').fill(day);
    await page.getByTestId('cases-date-to').fill(day);
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(/to=/);
    await settled(page);
    expect(await receiptsShown(page)).toHaveLength(CASES_PAGE_DEFAULT);
    const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('cases-date-from').fill(before);
    await page.getByTestId('cases-date-to').fill(before);
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(new RegExp(`to=${before}`));
    await settled(page);
    await page.getByTestId('table-empty').waitFor();
    await page.close();
  });
});
