import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishUpdateFolder } from '../../../server/src/services/updates/publishUpdate';
import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import { latestUpdatePath, type UpdateArch, type UpdatePlatform } from '../../../shared/updates/manifest';
import { expectNoAxeViolations, saveScreenshot, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty, type DashboardCounty } from './support/county';
import { enrollKiosk } from './support/kioskApi';

const desk = useBrowser();
const counties = useDashboardCounty();

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'dashboard-updates-e2e-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Installers with real bytes, published through the same service as `publish-update`. */
async function publish(county: DashboardCounty, folder: string, names: string[], at: string): Promise<void> {
  const dir = join(work, folder);
  await mkdir(dir, { recursive: true });
  for (const name of names) await writeFile(join(dir, name), randomBytes(40_000));
  const result = await publishUpdateFolder(county.database.db, { dir, updateDir: join(work, 'served'), now: new Date(at) });
  expect(result.published).toHaveLength(names.length);
}

/**
 * A station enrolled with a code that synced once reporting `version` (or no version) and, when
 * `asks` is given, checked the county for updates as that platform and arch (which records it).
 */
async function station(county: DashboardCounty, name: string, version: string | null, asks?: { platform: UpdatePlatform; arch: UpdateArch; version: string }): Promise<void> {
  const kiosk = await enrollKiosk(county.origin, await county.enrollCode(), name);
  const response = await fetch(`${county.origin}/api/v1/sync/pull?since=`, {
    headers: { authorization: `Bearer ${kiosk.token}`, ...(version === null ? {} : { [KIOSK_VERSION_HEADER]: version }) },
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  if (asks === undefined) return;
  const check = await fetch(`${county.origin}${latestUpdatePath(asks)}`, { headers: { authorization: `Bearer ${kiosk.token}` } });
  expect([200, 204]).toContain(check.status);
  await check.arrayBuffer();
}

async function cellText(row: Locator, testid: string): Promise<string> {
  return (await row.getByTestId(testid).innerText()).trim();
}

describe('dashboard updates', () => {
  it('before anything is published, a viewer is told which command publishes an update', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'viewer', 'updates');
      await page.getByTestId('updates-empty').waitFor();
      expect(await page.getByTestId('nav-updates').count()).toBe(1);
      expect(await page.getByTestId('updates-empty-command').innerText()).toContain('npm run county -- publish-update');
      expect(await page.getByTestId('updates-releases-table').count()).toBe(0);
      await expectNoAxeViolations(page, 'dashboard-updates-empty');
    } finally {
      await context.close();
    }
  });

  it('shows each published release and how many stations run the latest version', async () => {
    const { county } = counties;
    const existing = await county.database.db.selectFrom('devices').select('id').where('revoked_at', 'is', null).execute();
    await publish(county, 'r120', ['Village Kiosk Setup 1.2.0.exe'], '2026-11-01T08:00:00.000Z');
    await publish(county, 'r130', ['Village Kiosk Setup 1.3.0.exe', 'village-kiosk_1.3.0_arm64.deb'], '2026-11-10T08:00:00.000Z');
    await station(county, '一号机', '1.3.0', { platform: 'win32', arch: 'x64', version: '1.3.0' });
    await station(county, '二号机', '1.3.0', { platform: 'linux', arch: 'arm64', version: '1.3.0' });
    await station(county, '三号机', '1.2.0', { platform: 'win32', arch: 'x64', version: '1.2.0' });
    // Never checked for updates (like every station the county already had): its platform is unknown.
    await station(county, '四号机', null);

    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'viewer', 'updates');
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.getByTestId('updates-releases-table').waitFor();
      expect(await page.getByTestId('updates-empty').count()).toBe(0);

      const releases = page.getByTestId('update-release-row');
      expect(await releases.evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-version')} ${row.getAttribute('data-target')}`))).toEqual([
        '1.3.0 linux-arm64-deb',
        '1.3.0 win32-x64-nsis',
        '1.2.0 win32-x64-nsis',
      ]);
      const stored = await county.database.db.selectFrom('updates').select(['file_name', 'sha256']).where('version', '=', '1.3.0').where('platform', '=', 'win32').executeTakeFirstOrThrow();
      const windows130 = page.locator('[data-testid="update-release-row"][data-version="1.3.0"][data-target="win32-x64-nsis"]');
      expect(await windows130.innerText()).toContain(stored.file_name);
      expect(await cellText(windows130, 'update-sha256')).toBe(stored.sha256);

      // Each station counts only in the row of the platform it asked as.
      const expected = {
        'win32-x64': { current: '1', older: '1', newer: '0', unknown: '0' },
        'linux-arm64': { current: '1', older: '0', newer: '0', unknown: '0' },
      };
      for (const [target, counts] of Object.entries(expected)) {
        const row = page.locator(`[data-testid="update-rollout-row"][data-target="${target}"]`);
        expect(await cellText(row, 'rollout-latest'), target).toBe('1.3.0');
        for (const [bucket, count] of Object.entries(counts)) expect(await cellText(row, `rollout-${bucket}`), `${target} ${bucket}`).toBe(count);
      }
      expect(await page.getByTestId('rollout-not-reported').innerText()).toBe(String(existing.length + 1));
      await expectNoAxeViolations(page, 'dashboard-updates');
      await saveScreenshot(page, 'dashboard-updates');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
