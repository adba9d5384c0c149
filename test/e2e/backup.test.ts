import { access, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { DEMO_AGENTS, DEMO_AGENTS_FILE } from '../../shared/agents/demoAgents';
import { e2eDemoDir, expectNoAxeViolations, KIOSK_CONTEXT_OPTIONS, openKiosk, pageProblems, saveScreenshot, useBrowser } from './support';

const DEMO_ADMIN = DEMO_AGENTS.find((agent) => agent.role === 'admin')!;
const ADMIN_PIN = DEMO_ADMIN.pin;
const NEW_ADMIN_PIN = '802468';
const PASSWORD = 'usb-stick-2026';

const kiosk = useBrowser();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator(`[data-testid="keypad-numeric"] [data-key="${digit}"]`).first().click();
}

async function loginAsAdmin(page: Page, pin: string): Promise<void> {
  await page.locator('[data-testid="agent-choice"][data-role="admin"]').click();
  await typePin(page, pin);
  await page.waitForURL(/#\/agent$/);
}

async function openAdmin(page: Page): Promise<void> {
  await page.evaluate(() => {
    location.hash = '#/agent/admin';
  });
  await page.getByTestId('backup-panel').waitFor();
}

/** The village-owned records as the kiosk stores them (agents without their PIN fields). */
function villageRecords(page: Page) {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open('village-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['agents', 'cases', 'caseEvents', 'feedback', 'auditLog'];
          const tx = db.transaction(names, 'readonly');
          const requests = names.map((name) => tx.objectStore(name).getAll());
          tx.oncomplete = () => {
            const dump: Record<string, unknown[]> = {};
            names.forEach((name, index) => {
              dump[name] = requests[index]!.result as unknown[];
            });
            dump.agents = (dump.agents as Array<Record<string, unknown>>).map(({ id, name, role, active, createdAt }) => ({ id, name, role, active, createdAt }));
            db.close();
            resolve(dump);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** This run's kiosk build served with a copy of the demo data that has no demo agents: a fresh kiosk. */
async function serveWithoutDemoAgents(): Promise<PreviewServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-fresh-'));
  await cp(e2eDemoDir(), dir, { recursive: true });
  await access(join(dir, DEMO_AGENTS_FILE));
  await rm(join(dir, DEMO_AGENTS_FILE));
  const server = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: dir });
  cleanups.push(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return server;
}

describe('backup and restore', () => {
  it('the administrator exports an encrypted backup and restores it on a fresh kiosk', async () => {
    const work = await mkdtemp(join(tmpdir(), 'kiosk-backup-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));

    // --- the old kiosk: export ------------------------------------------------------------------
    const oldContext = await kiosk.browser.newContext({ ...KIOSK_CONTEXT_OPTIONS, acceptDownloads: true });
    cleanups.push(() => oldContext.close());
    // A resident's suggestion first, so the backup carries a ticket of this kiosk.
    const oldPage = await openKiosk(oldContext, '/#/feedback/new');
    await oldPage.getByTestId('category-suggestion').click();
    await oldPage.getByTestId('feedback-text').fill('希望周末也能办理 <b>谢谢</b>');
    await oldPage.getByTestId('feedback-submit').click();
    await oldPage.getByTestId('ticket-local-no').waitFor();
    await oldPage.evaluate(() => {
      location.hash = '#/agent/login';
    });
    await loginAsAdmin(oldPage, ADMIN_PIN);
    await openAdmin(oldPage);

    // A password too short is refused next to the field, and nothing is downloaded.
    await oldPage.getByTestId('backup-password').fill('short');
    await oldPage.getByTestId('backup-password-confirm').fill('short');
    await oldPage.getByTestId('backup-export').click();
    await expect.poll(() => oldPage.getByTestId('backup-password-error').isVisible()).toBe(true);
    expect(await oldPage.getByTestId('backup-password').getAttribute('aria-invalid')).toBe('true');

    await oldPage.getByTestId('backup-password').fill(PASSWORD);
    await oldPage.getByTestId('backup-password-confirm').fill(PASSWORD);
    const downloading = oldPage.waitForEvent('download');
    await oldPage.getByTestId('backup-export').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^村务终端备份-\d{12}-\d{4}-\d{2}-\d{2}\.vkbak$/);
    const backupPath = join(work, download.suggestedFilename());
    await download.saveAs(backupPath);
    await oldPage.locator('[data-testid="backup-export-outcome"][data-outcome="saved"]').waitFor();
    await saveScreenshot(oldPage, 'backup-exported');

    const fileText = await readFile(backupPath, 'utf8');
    expect(JSON.parse(fileText)).toMatchObject({ format: 'village-kiosk-backup-encrypted', kdf: { name: 'PBKDF2' }, cipher: { name: 'AES-GCM' } });
    // Encrypted: no agent's name (nor anything else readable) is in the file.
    expect(fileText).not.toContain(DEMO_ADMIN.name);
    const exported = await villageRecords(oldPage);
    const exportedAudit = exported.auditLog as Array<{ action: string }>;
    expect(exportedAudit.at(-1)?.action).toBe('export');
    expect(exported.feedback).toHaveLength(1);

    // --- a fresh kiosk: restore from the first-run screen ------------------------------------------
    const server = await serveWithoutDemoAgents();
    const freshContext = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
    cleanups.push(() => freshContext.close());
    const page = await freshContext.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    await page.goto(new URL('#/agent/setup', server.url).href);
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    await page.getByTestId('setup-restore').click();
    await page.getByTestId('restore-form').waitFor();

    const choosing = page.waitForEvent('filechooser');
    await page.getByTestId('restore-choose-file').click();
    await (await choosing).setFiles(backupPath);
    await page.getByTestId('restore-file-name').waitFor();

    // A wrong password is said next to the password field; nothing is written.
    await page.getByTestId('restore-password').fill('not-the-password');
    await page.getByTestId('restore-read').click();
    await page.getByTestId('restore-password-error').waitFor();
    expect(await page.getByTestId('restore-password').getAttribute('aria-invalid')).toBe('true');
    expect((await villageRecords(page)).agents).toEqual([]);

    await page.getByTestId('restore-password').fill(PASSWORD);
    await page.getByTestId('restore-read').click();
    await page.getByTestId('restore-summary').waitFor();
    expect(await page.getByTestId('restore-count-audit').innerText()).toBe(String(exportedAudit.length));
    expect(await page.getByTestId('restore-count-feedback').innerText()).toBe('1');
    await expectNoAxeViolations(page, 'backup-restore-summary');
    await saveScreenshot(page, 'backup-restore-summary');

    await typePin(page, NEW_ADMIN_PIN);
    await page.locator('[data-testid="restore-pin-twice"][data-state="confirming"]').waitFor();
    await typePin(page, NEW_ADMIN_PIN);
    await page.getByTestId('restore-start').click();
    await page.locator('[data-testid="restore-done"], [data-testid="restore-error"]').first().waitFor();
    // A refused restore shows its reason: fail with it rather than with a timeout.
    expect(await page.getByTestId('restore-error').count(), await page.getByTestId('restore-error').allInnerTexts().then((texts) => texts.join())).toBe(0);
    await saveScreenshot(page, 'backup-restored');
    await page.getByTestId('restore-continue').click();

    // The administrator logs in with the new PIN and finds the old kiosk's records, export included.
    await loginAsAdmin(page, NEW_ADMIN_PIN);
    const restored = await villageRecords(page);
    for (const table of ['cases', 'caseEvents', 'feedback'] as const) expect(restored[table]).toEqual(exported[table]);
    expect((restored.auditLog as unknown[]).slice(0, exportedAudit.length)).toEqual(exportedAudit);
    expect((restored.auditLog as Array<{ action: string }>).slice(exportedAudit.length).map((entry) => entry.action)).toEqual(['restore', 'login']);
    const exportedAgents = exported.agents as Array<{ id: string; role: string; active: boolean }>;
    expect((restored.agents as Array<{ id: string }>).map((agent) => agent.id).sort()).toEqual(exportedAgents.map((agent) => agent.id).sort());

    await openAdmin(page);
    await page.locator('[data-testid="audit-row"][data-action="export"]').first().waitFor();
    await page.locator('[data-testid="audit-row"][data-action="restore"]').first().waitFor();
    // The restored chain and the entries added after it verify as one trail.
    await page.getByTestId('audit-verify').click();
    await page.locator('[data-testid="audit-verdict"][data-ok="true"]').waitFor();
    expect(pageErrors).toEqual([]);
    expect(pageProblems(oldPage).errors).toEqual([]);
  });
});
