import { describe, expect, it } from 'vitest';
import { fundProgramSchema } from '../../../shared/domain/fundProgram';
import { holidaySchema } from '../../../shared/domain/serviceItem';
import { expectNoAxeViolations, readDemoPrograms, saveScreenshot, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { currentValues, enrollKiosk, pullEverything } from './support/kioskApi';

const desk = useBrowser();
const counties = useDashboardCounty();

describe('dashboard content editors', () => {
  it("an admin corrects a program's hotline: the schema's error first, then published after confirmation and pulled by a kiosk", async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const program = (await readDemoPrograms())[0];
      if (!program) throw new Error('the e2e demo set has no programs');
      const page = await openSignedIn(context, county, 'admin', 'content/program');
      await page.getByTestId(`content-open-${program.id}`).click();
      await page.getByTestId('content-form').waitFor();
      const phone = page.locator('#content-program-consultPhone');
      expect(await phone.inputValue()).toBe(program.consultPhone);
      // The key is fixed once the program exists.
      expect(await page.locator('#content-program-id').isDisabled()).toBe(true);

      await phone.fill('12');
      await page.getByTestId('content-publish').click();
      await page.getByTestId('content-form-invalid').waitFor();
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-field="consultPhone"] [data-testid="field-error"]').innerText()).not.toBe('');
      expect(await page.getByTestId('content-confirm').count()).toBe(0);
      await expectNoAxeViolations(page, 'dashboard-content-program-invalid');
      await saveScreenshot(page, 'dashboard-content-program-invalid');

      const hotline = '0551-87654321';
      await phone.fill(hotline);
      await page.getByTestId('content-publish').click();
      await page.getByTestId('content-confirm').waitFor();
      await expectNoAxeViolations(page, 'dashboard-content-confirm');
      await page.getByTestId('content-confirm-yes').click();
      await page.getByTestId('content-saved').waitFor();

      const kiosk = await enrollKiosk(county.origin, await county.enrollCode());
      const pulled = fundProgramSchema.parse(currentValues(await pullEverything(county.origin, kiosk.token), 'program').get(program.id));
      expect(pulled.consultPhone).toBe(hotline);
      // Everything else is the program as it was.
      expect({ ...pulled, consultPhone: program.consultPhone }).toEqual(program);
    } finally {
      await context.close();
    }
  });

  it('an admin adds a holiday to the calendar and deletes it again; a kiosk follows both', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'admin', 'content/holiday');
      await page.getByTestId('content-list').waitFor();
      await page.getByTestId('content-new').click();
      await page.getByTestId('content-form').waitFor();
      const holiday = { date: '2031-10-08', name: '国庆节调休', kind: 'workday' as const };
      await page.locator('#content-holiday-date').fill(holiday.date);
      await page.locator('#content-holiday-name').fill(holiday.name);
      await page.locator('#content-holiday-kind').selectOption(holiday.kind);
      await page.getByTestId('content-publish').click();
      await page.getByTestId('content-confirm-yes').click();
      await page.getByTestId('content-saved').waitFor();
      await page.locator(`[data-testid="content-row"][data-key="${holiday.date}"]`).waitFor();

      const kiosk = await enrollKiosk(county.origin, await county.enrollCode());
      const pulled = currentValues(await pullEverything(county.origin, kiosk.token), 'holiday').get(holiday.date);
      expect(holidaySchema.parse(pulled)).toEqual(holiday);

      // Deleting it (after confirmation) removes it from the kiosks too.
      await page.getByTestId(`content-open-${holiday.date}`).click();
      await page.getByTestId('content-delete').click();
      await page.getByTestId('content-confirm-yes').click();
      await page.getByTestId('content-saved').waitFor();
      expect(currentValues(await pullEverything(county.origin, kiosk.token), 'holiday').has(holiday.date)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it("shows the server's refusal when it rejects a value, and publishes nothing", async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const program = (await readDemoPrograms())[0];
      if (!program) throw new Error('the e2e demo set has no programs');
      const page = await openSignedIn(context, county, 'admin', 'content/program');
      await page.getByTestId(`content-open-${program.id}`).click();
      await page.getByTestId('content-form').waitFor();
      const before = await county.database.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      // What a client with another idea of the schema might send: the real server must refuse it, and the page must say why.
      await page.route('**/dashboard/api/content/program/**', (route) =>
        route.request().method() === 'PUT' ? route.continue({ postData: JSON.stringify({ ...program, id: 'XX-2024' }) }) : route.continue(),
      );
      await page.getByTestId('content-publish').click();
      await page.getByTestId('content-confirm-yes').click();
      const refusal = page.getByTestId('content-server-error');
      await refusal.waitFor();
      expect((await refusal.innerText()).length).toBeGreaterThan(0);
      expect(await page.getByTestId('content-saved').count()).toBe(0);
      const after = await county.database.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      expect(after?.max).toEqual(before?.max);
      await expectNoAxeViolations(page, 'dashboard-content-server-error');
    } finally {
      await context.close();
    }
  });

  it("lists one village's projects when filtered: the same keys that village's kiosk pulls", async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const kiosk = await enrollKiosk(county.origin, await county.enrollCode(county.stationVillage));
      const pulledKeys = [...currentValues(await pullEverything(county.origin, kiosk.token), 'project').keys()].sort();
      expect(pulledKeys.length).toBeGreaterThan(0);
      const page = await openSignedIn(context, county, 'viewer', 'content/project');
      await page.getByTestId('content-list').waitFor();
      const allRows = await page.getByTestId('content-row').count();
      await page.getByTestId('content-village-filter').selectOption(county.stationVillage);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="content-row"]').length !== n, allRows);
      const listed = await page.getByTestId('content-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key') ?? ''));
      expect(listed.sort()).toEqual(pulledKeys);
      await expectNoAxeViolations(page, 'dashboard-content-projects');
    } finally {
      await context.close();
    }
  });

  it('a viewer reads the content but cannot edit it', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const program = (await readDemoPrograms())[0];
      if (!program) throw new Error('the e2e demo set has no programs');
      const page = await openSignedIn(context, county, 'viewer', 'content/program');
      await page.getByTestId(`content-open-${program.id}`).click();
      await page.getByTestId('content-form').waitFor();
      expect(await page.getByTestId('content-new').count()).toBe(0);
      expect(await page.getByTestId('content-publish').count()).toBe(0);
      expect(await page.locator('#content-program-consultPhone').isDisabled()).toBe(true);
      await expectNoAxeViolations(page, 'dashboard-content-viewer');
    } finally {
      await context.close();
    }
  });
});
