import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoManifest, readStationDisbursements, saveScreenshot, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { fileCase, localNoOf, moveCase, startCountyKiosk, tapKeys, waitFor, type CountyKiosk } from './support/countyKiosk';

/**
 * The loop the dashboard exists for: a village kiosk (web mode, enrolled with the county, syncing
 * on its own) files a case and an objection; county staff act on them in the dashboard; the kiosk's
 * next sync brings the result and the answer to the resident's tracking screen.
 */
const browsers = useBrowser();
const counties = useDashboardCounty();

/** 参保登记 in the demo catalog. */
const ITEM_CODE = 'SB001';

let kiosk: CountyKiosk;
let desk: BrowserContext;

beforeAll(async () => {
  kiosk = await startCountyKiosk(browsers.browser, counties.county);
  desk = await browsers.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
});

afterAll(async () => {
  await desk?.close();
  await kiosk?.close();
});

async function countyCaseState(receiptNo: string): Promise<string | undefined> {
  const row = await counties.county.database.db.selectFrom('cases').select('state').where('receipt_no', '=', receiptNo).executeTakeFirst();
  return row?.state;
}

async function countyHasTicket(ticketNo: string): Promise<boolean> {
  const row = await counties.county.database.db.selectFrom('feedback').select('id').where('ticket_no', '=', ticketNo).executeTakeFirst();
  return row !== undefined;
}

/** Reloads the kiosk (a start syncs at once) and tracks a number; true once `done` holds on the result. */
async function trackAfterSync(page: Page, localNo: string, result: 'track-case' | 'track-feedback', done: (page: Page) => Promise<boolean>): Promise<void> {
  await waitFor(async () => {
    await kiosk.open('#/', page);
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    await kiosk.open('#/track', page);
    await tapKeys(page, localNo);
    await page.getByTestId('track-search').click();
    await page.getByTestId(result).waitFor();
    return done(page);
  }, `the county's change to reach the kiosk (${localNo})`);
}

describe('county dashboard ↔ village kiosk', () => {
  it("a clerk's result reaches the resident's case tracking after the kiosk syncs", async () => {
    const { county } = counties;
    const agent = await kiosk.open('#/');
    const receiptNo = await fileCase(agent, ITEM_CODE);
    // The county decides once the station has passed the case on.
    await moveCase(agent, 'accepted');
    await moveCase(agent, 'submitted');
    // New records kick the kiosk's sync worker: no button to press.
    await waitFor(async () => (await countyCaseState(receiptNo)) === 'submitted', 'the submitted case to reach the county');

    const page = await openSignedIn(desk, county, 'clerk', `cases?village=${county.stationVillage}`);
    await page.locator(`[data-testid="case-link"][data-receipt="${receiptNo}"]`).click();
    await page.getByTestId('result-form').waitFor();
    // The village's events, with who did them, as the county received them.
    const villageEvents = await page.locator('[data-testid="timeline-entry"][data-author="device"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-to') ?? r.getAttribute('data-type')));
    expect(villageEvents).toEqual(['created', 'accepted', 'submitted']);
    expect(await page.getByTestId('applicant-name').innerText()).toBe('周*');
    await page.getByTestId('result-completed').check();
    await page.getByTestId('result-submit').click();
    await page.getByTestId('result-saved').waitFor();
    expect(await countyCaseState(receiptNo)).toBe('completed');
    await saveScreenshot(page, 'dashboard-case-completed');

    const resident = await kiosk.context.newPage();
    await trackAfterSync(resident, localNoOf(receiptNo), 'track-case', async (p) => (await p.getByTestId('track-state').getAttribute('data-state')) === 'completed');
    expect(await resident.getByTestId('track-receipt-no').innerText()).toContain(receiptNo);
    await saveScreenshot(resident, 'kiosk-track-after-dashboard-result');

    // The overview now counts the station's village as synced (not stale) and its case as completed.
    await page.goto(county.dashboardUrl(''));
    const villageRow = page.locator(`[data-testid="overview-village"][data-village="${county.stationVillage}"]`);
    await villageRow.waitFor();
    expect(await villageRow.getAttribute('data-stale')).toBe('false');
    await page.close();
    await resident.close();
    await agent.close();
  });

  it("an answer to an objection reaches the resident's ticket tracking after the kiosk syncs", async () => {
    const [rows, { dataAsOf }] = await Promise.all([readStationDisbursements(), readDemoManifest()]);
    // A failed payment whose public notice has opened: objections are open for it.
    const target = rows.find((r) => r.row.status === 'failed' && r.program.noticeFrom <= dataAsOf);
    if (!target) throw new Error('the demo station has no failed payment after its public notice');
    const householdKey = `${target.row.villageCode}-${target.row.householdNo}`;
    const resident = await kiosk.open(`#/subsidies/household/${encodeURIComponent(householdKey)}`);
    await resident.getByTestId(`object-${target.row.id}`).click();
    await resident.getByTestId('feedback-subject').waitFor();
    expect(await resident.getByTestId('category-objection').getAttribute('aria-pressed')).toBe('true');
    await resident.getByTestId('feedback-text').fill('这笔补贴没有收到');
    await resident.evaluate(() => {
      // window.print would block on a dialog in a real browser.
      window.print = () => undefined;
    });
    await resident.getByTestId('feedback-submit').click();
    await resident.getByTestId('feedback-done').waitFor();
    const ticketNo = (await resident.getByTestId('ticket-no').innerText()).match(/YJ-\d{12}-\d{6}-\d{3}/)?.[0];
    if (!ticketNo) throw new Error('no ticket number on the screen');
    await waitFor(() => countyHasTicket(ticketNo), 'the objection to reach the county');

    const page = await openSignedIn(desk, counties.county, 'clerk', 'feedback');
    const row = page.locator('[data-testid="feedback-objections"] [data-testid="table-row"]').filter({ has: page.locator(`[data-testid="feedback-ticket"]:text-is("${ticketNo}")`) });
    await row.waitFor();
    expect(await row.getByTestId('feedback-text').innerText()).toBe('这笔补贴没有收到');
    await row.getByTestId('feedback-answer-open').click();
    await page.getByTestId('feedback-answer-text').fill('经核实为银行账户冻结，已改发至新账户');
    await page.getByTestId('feedback-answer-submit').click();
    await page.getByTestId('feedback-answered').waitFor();

    await trackAfterSync(resident, localNoOf(ticketNo), 'track-feedback', async (p) => (await p.getByTestId('track-answer').count()) > 0);
    expect(await resident.getByTestId('track-answer').innerText()).toBe('经核实为银行账户冻结，已改发至新账户');
    expect(await resident.getByTestId('track-feedback-state').getAttribute('data-state')).toBe('answered');
    await page.close();
    await resident.close();
  });
});
