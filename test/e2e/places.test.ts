import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatFenGrouped } from '../../shared/money';
import { villageProjectSchema } from '../../shared/domain/villageProject';
import { noticeSchema } from '../../shared/domain/notice';
import { DEMO_FILES } from '../../shared/demo/manifest';
import { e2eDemoDir, expectNoAxeViolations, openKiosk, readDemoManifest, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();

async function readJsonArray<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  return z.array(schema).parse(JSON.parse(await readFile(join(e2eDemoDir(), file), 'utf8')) as unknown);
}

describe('village projects and notices', () => {
  it('lists the station village’s projects with budget, spending, progress and acceptance', async () => {
    const station = (await readDemoManifest()).station;
    const projects = (await readJsonArray(DEMO_FILES.projects, villageProjectSchema)).filter((p) => p.villageCode === station.villageCode);
    expect(projects.length).toBeGreaterThan(0);
    const page = await openKiosk(kiosk.browser, '/#/projects');
    try {
      await page.getByTestId(`project-${projects[0]!.id}`).waitFor();
      expect(await page.locator('[data-testid^="project-"]').count()).toBe(projects.length);
      for (const project of projects) {
        const text = await page.getByTestId(`project-${project.id}`).innerText();
        expect(text).toContain(project.name);
        expect(text).toContain(formatFenGrouped(project.budgetFen));
        expect(text).toContain(formatFenGrouped(project.spentFen));
        expect(text).toContain(`${project.progressPct}%`);
      }
      await saveScreenshot(page, 'projects');
      await expectNoAxeViolations(page, 'projects');
    } finally {
      await page.context().close();
    }
  });

  it('lists county-wide notices and the village’s own, newest first', async () => {
    const station = (await readDemoManifest()).station;
    const notices = (await readJsonArray(DEMO_FILES.notices, noticeSchema)).filter((n) => n.villageCode === null || n.villageCode === station.villageCode);
    expect(notices.length).toBeGreaterThan(0);
    const page = await openKiosk(kiosk.browser, '/#/notices');
    try {
      await page.locator('[data-testid^="notice-"]').first().waitFor();
      const shown = await page.locator('[data-testid^="notice-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('notice-'.length)));
      expect(new Set(shown)).toEqual(new Set(notices.map((n) => n.id)));
      const dates = shown.map((id) => notices.find((n) => n.id === id)!.publishedOn);
      expect(dates).toEqual([...dates].sort().reverse());
      await saveScreenshot(page, 'notices');
      await expectNoAxeViolations(page, 'notices');
    } finally {
      await page.context().close();
    }
  });
});
