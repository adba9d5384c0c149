import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readStationVillage, writeKioskProvisioning } from '../../scripts/lib/kioskProvisioning';
import { startLocalCounty, type LocalCounty } from '../../scripts/lib/localCounty';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { listDevices } from '../../server/src/repositories/devices';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/connection';
import { answerFeedback } from '../../server/src/services/feedbackAnswers';
import { formatFenGrouped } from '../../shared/money';
import { KIOSK_CONTEXT_OPTIONS, pageProblems, readDemoManifest, readStationDisbursements, useBrowser } from './support';

/**
 * The loop `npm start` shows, built from the same pieces (scripts/lib/localCounty and
 * kioskProvisioning): a county server on SQLite with the demo set published, a kiosk served with
 * no county files at all, only a provisioning file. The kiosk enrols itself, its worker pulls the
 * county's data, and a resident's lookup answers from what was synced.
 */
const kiosk = useBrowser();

let workDir: string;
let county: LocalCounty;
let preview: PreviewServer;
/** One browser profile for the file: the provisioning code enrols once, like a real kiosk's. */
let context: BrowserContext;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiosk-start-loop-'));
  const demoDir = inject('e2eDemoDir');
  const villageCode = await readStationVillage(demoDir);
  county = await startLocalCounty({ dataDir: join(workDir, 'county'), demoDir, villageCode, port: 0, log: () => undefined });
  const kioskDir = join(workDir, 'kiosk');
  await writeKioskProvisioning(demoDir, kioskDir, { countyUrl: county.url, code: county.enrollCode, deviceName: 'start loop kiosk' });
  preview = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: kioskDir, countyOrigin: new URL(county.url).origin });
  context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
});

afterAll(async () => {
  await context?.close();
  await preview?.close();
  await county?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('npm start loop', () => {
  it('enrols from the provisioning file, syncs the county data and answers a lookup from it', async () => {
    const page = await context.newPage();
    const problems = pageProblems(page);
    try {
      await page.goto(`${preview.url}#/`);
      // data-ready turns true once the first sync has finished (the banner shows its progress meanwhile).
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 120_000 });
      const manifest = await readDemoManifest();
      await expect(page.getByTestId('data-as-of').innerText()).resolves.toContain(manifest.dataAsOf);

      const rows = await readStationDisbursements();
      const first = rows[0];
      if (!first) throw new Error('the e2e demo set has no station rows');
      const household = first.row;
      const due = rows.filter((r) => r.row.householdNo === household.householdNo).reduce((sum, r) => sum + r.row.dueFen, 0);
      await page.goto(`${preview.url}#/subsidies`);
      await page.getByTestId('mode-number').click();
      for (const key of household.householdNo) await page.locator(`[data-key="${key}"]`).click();
      await page.getByTestId(`household-${household.householdNo}`).click();
      await page.getByTestId('household-title').waitFor();
      await expect(page.getByTestId('household-totals').innerText()).resolves.toContain(formatFenGrouped(due));

      const handle = openDatabase({ kind: 'sqlite', file: join(workDir, 'county', 'county.sqlite') });
      try {
        const devices = await listDevices(handle.db);
        expect(devices.map((d) => d.name)).toEqual(['start loop kiosk']);
      } finally {
        await handle.close();
      }
      expect(problems.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("sends a resident's feedback to the county and shows the county's answer when tracked", async () => {
    const page = await context.newPage();
    const county = openDatabase({ kind: 'sqlite', file: join(workDir, 'county', 'county.sqlite') });
    try {
      await page.goto(`${preview.url}#/feedback/new`);
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 120_000 });
      await page.getByTestId('feedback-text').fill('村口路灯坏了');
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      const localNo = (await page.getByTestId('ticket-local-no').innerText()).replace(/\D/g, '');
      const ticketNo = (await page.getByTestId('ticket-no').innerText()).match(/YJ-\d{12}-\d{6}-\d{3}/)?.[0];
      if (!ticketNo) throw new Error('no ticket number on the screen');

      // The new record kicks the worker: the ticket reaches the county without anyone pressing a button.
      await waitFor(() => countyHasTicket(county, ticketNo), 'the county to receive the ticket');
      await answerFeedback(county.db, { ticketNo, text: '已安排电工本周维修', by: '青岚县农业农村局' });

      // A restart syncs at once (the kiosk otherwise pulls every few minutes).
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
      await waitFor(async () => {
        // A fresh document each try: a hash change alone keeps the previous try's digits and result.
        await page.goto(`${preview.url}#/track`);
        await page.reload();
        await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
        for (const key of localNo) await page.locator(`[data-key="${key}"]`).click();
        await page.getByTestId('track-search').click();
        await page.getByTestId('track-feedback').waitFor();
        return (await page.getByTestId('track-answer').count()) > 0;
      }, "the county's answer to reach the kiosk");
      await expect(page.getByTestId('track-answer').innerText()).resolves.toBe('已安排电工本周维修');
      expect(await page.getByTestId('track-feedback-state').getAttribute('data-state')).toBe('answered');
    } finally {
      await county.close();
      await page.close();
    }
  });
});

async function countyHasTicket(county: DatabaseHandle, ticketNo: string): Promise<boolean> {
  const row = await county.db.selectFrom('feedback').select('id').where('ticket_no', '=', ticketNo).executeTakeFirst();
  return row !== undefined;
}

/** Polls (bounded: 60 tries, 0.5 s apart) until the condition holds. */
async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
