import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_FILES } from '../../shared/demo/manifest';
import type { Page } from 'playwright-core';
import { DEMO_AGENTS } from '../../shared/agents/demoAgents';
import { serviceItemSchema, type ServiceItem } from '../../shared/domain/serviceItem';
import { serviceItemForFailure } from '../../shared/services/failureServiceItem';
import { e2eDemoDir, expectNoAxeViolations, openKiosk, pageProblems, readStationDisbursements, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();
let catalog: ServiceItem[] = [];

beforeAll(async () => {
  const text = await readFile(join(e2eDemoDir(), DEMO_FILES.serviceItems), 'utf8');
  catalog = z.array(serviceItemSchema).parse(JSON.parse(text) as unknown);
});

function item(predicate: (i: ServiceItem) => boolean, what: string): ServiceItem {
  const found = catalog.find(predicate);
  if (!found) throw new Error(`the demo catalog has no item ${what}`);
  return found;
}

describe('service catalog (代办事项清单)', () => {
  it('lists every item by department, filters by name and by department, with large touch targets', async () => {
    const page = await openKiosk(kiosk.browser, '/#/services');
    try {
      await page.getByTestId(`service-${catalog[0]!.code}`).waitFor();
      expect(await page.locator('[data-testid^="service-"][href]').count()).toBe(catalog.length);
      const departments = new Set(catalog.map((i) => i.department));
      expect(await page.locator('section.department h2').allInnerTexts()).toHaveLength(departments.size);
      await saveScreenshot(page, 'services-list');
      await expectNoAxeViolations(page, 'services-list');

      // Every item link is a big target.
      const heights = await page.locator('a.item').evaluateAll((links) => links.map((l) => l.getBoundingClientRect().height));
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(48);

      const cardItems = catalog.filter((i) => i.name.includes('社会保障卡'));
      expect(cardItems.length).toBeGreaterThan(0);
      await page.getByTestId('service-search').fill('社会保障卡');
      await expect.poll(() => page.locator('a.item').count()).toBe(cardItems.length);

      await page.getByTestId('service-search').fill('没有这种事项');
      await expect.poll(() => page.locator('a.item').count()).toBe(0);
      expect(await page.getByTestId('services-count').innerText()).toContain('没有这种事项');

      await page.getByTestId('service-search').fill('');
      const departmentButton = page.getByTestId('department-0');
      const chosen = (await departmentButton.innerText()).trim();
      await departmentButton.click();
      expect(await departmentButton.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.locator('a.item').count()).toBe(catalog.filter((i) => i.department === chosen).length);
      await page.getByTestId('department-all').click();
      await expect.poll(() => page.locator('a.item').count()).toBe(catalog.length);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows an item: materials (original, copies, note), promised days, department, fee or 免费, legal basis', async () => {
    const paid = item((i) => i.feeFen > 0, 'with a fee');
    const free = item((i) => i.feeFen === 0 && i.materials.some((m) => m.note !== ''), 'free with a material note');
    const page = await openKiosk(kiosk.browser, '/#/services');
    try {
      await page.getByTestId(`service-${free.code}`).click();
      await page.getByTestId('service-title').waitFor();
      expect(await page.getByTestId('service-title').innerText()).toBe(free.name);
      expect(await page.getByTestId('service-fee').innerText()).toBe('免费');
      expect(await page.getByTestId('service-days').innerText()).toContain(String(free.promisedDays));
      expect(await page.getByTestId('service-department').innerText()).toBe(free.department);
      expect(await page.getByTestId('service-basis').innerText()).toBe(free.legalBasis);
      const rows = page.getByTestId('service-material');
      expect(await rows.count()).toBe(free.materials.length);
      for (const [index, material] of free.materials.entries()) {
        const text = await rows.nth(index).innerText();
        expect(text).toContain(material.name);
        if (material.note) expect(text).toContain(material.note);
        if (material.copies > 0) expect(text).toContain(`复印件 ${material.copies} 份`);
        if (material.original) expect(text).toContain('原件');
      }
      expect(await page.getByTestId('service-ask-agent').isVisible()).toBe(true);
      await saveScreenshot(page, 'service-detail');
      await expectNoAxeViolations(page, 'service-detail');

      await page.goto(page.url().replace(free.code, paid.code));
      await page.getByTestId('service-title').filter({ hasText: paid.name }).waitFor();
      expect(await page.getByTestId('service-fee').innerText()).toBe(`${(paid.feeFen / 100).toFixed(2)} 元`);

      await page.goto(page.url().replace(paid.code, 'ZZ999'));
      await page.getByTestId('service-missing').waitFor();
      await expectNoAxeViolations(page, 'service-missing');
    } finally {
      await page.context().close();
    }
  });
});

async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.locator(`[data-key="${key}"]`).click();
}

describe('from a failed payment to a case', () => {
  it('offers the logged-in agent a case for the matching item, with the household filled in; residents never see it', async () => {
    const target = (await readStationDisbursements()).find((r) => r.row.status !== 'paid' && /销户|冻结|不符|不存在/.test(r.row.failureReason));
    if (!target) throw new Error('the demo station has no payment that failed for an account problem');
    const { row } = target;
    const expected = serviceItemForFailure(row.failureReason, catalog);
    if (!expected) throw new Error(`the demo catalog has no item for ${row.failureReason}`);
    const householdKey = `${row.villageCode}-${row.householdNo}`;
    const householdHash = `#/subsidies/household/${encodeURIComponent(householdKey)}`;
    const agent = DEMO_AGENTS.find((a) => a.role === 'agent')!;

    const page = await openKiosk(kiosk.browser, `/${householdHash}`);
    try {
      await page.getByTestId(`object-${row.id}`).waitFor();
      expect(await page.getByTestId(`case-from-${row.id}`).count()).toBe(0);

      await page.evaluate(() => (location.hash = '#/agent/login'));
      await page.getByTestId('agent-choice').filter({ hasText: agent.name }).click();
      await tapKeys(page, agent.pin);
      await page.waitForFunction(() => !location.hash.startsWith('#/agent/login'));

      // The session lives in memory: move within the page, never reload it.
      await page.evaluate((hash) => (location.hash = hash), householdHash);
      const shortcut = page.getByTestId(`case-from-${row.id}`);
      await shortcut.waitFor();
      expect(await shortcut.getAttribute('data-item')).toBe(expected.code);
      await shortcut.click();
      await page.getByTestId('chosen-item').waitFor();
      const query = new URLSearchParams(page.url().split('?')[1] ?? '');
      expect(query.get('household')).toBe(householdKey);
      expect(query.get('disbursement')).toBe(row.id);
      expect(query.get('item')).toBe(expected.code);
      expect(await page.getByTestId('chosen-item').innerText()).toContain(expected.name);
      expect(pageProblems(page).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
