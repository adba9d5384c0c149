import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readStationVillage, writeKioskProvisioning } from '../../scripts/lib/kioskProvisioning';
import { startLocalCounty, type LocalCounty } from '../../scripts/lib/localCounty';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { writeDemoData } from '../../scripts/lib/writeDemoData';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/connection';
import { listDevices } from '../../server/src/repositories/devices';
import { startFaultProxy, type FaultProxy } from '../integration/support/faultProxy';
import { expectCountyHoldsKioskRecords, expectKioskHoldsCountyData } from './support/syncExactness';
import { readKioskSnapshot, readOutboxStates, readStoredPullState, type StoredPullState } from './support/syncKioskData';
import { launchKioskProcess, type KioskProcess } from './support/syncKioskProcess';

/**
 * The kiosk's browser really killed (SIGKILL to Chromium's whole process group, on a persistent
 * profile) at several points of a first sync of a village large enough to take several pages, and
 * while a resident's feedback is being pushed; relaunched on the same profile each time. It must
 * resume from what IndexedDB really kept and end holding exactly the county's latest data, while
 * the county holds the kiosk's feedback exactly once.
 */
/** About 35,000 payment lines for the station village (≈ 7 pages of the kiosk's 5,000): several pages, under 2 minutes on 2 cores. */
const BIG_DEMO = { households: 3200, years: 10, seed: 4242, townships: 1 } as const;
const POLL_MS = 40;
const PUSH_PATH = '/api/v1/sync/push';

let workDir: string;
let county: LocalCounty;
let countyDb: DatabaseHandle;
let proxy: FaultProxy;
let preview: PreviewServer;
let villageCode: string;
let profileDir: string;
let kiosk: KioskProcess | null = null;
/** Pull requests the kiosk made, by their `since` (the empty cursor starts a snapshot over). */
const pullSinces: string[] = [];
let holdPushes: Promise<void> | null = null;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kiosk-sync-kill-'));
  const demoDir = join(workDir, 'demo');
  await writeDemoData({ ...BIG_DEMO, outDir: demoDir });
  villageCode = await readStationVillage(demoDir);
  county = await startLocalCounty({ dataDir: join(workDir, 'county'), demoDir, villageCode, port: 0, log: () => undefined });
  countyDb = openDatabase({ kind: 'sqlite', file: join(workDir, 'county', 'county.sqlite') });
  // Between the kiosk and the county: it sees every request, and holds a push's answer when told.
  proxy = await startFaultProxy(county.url, (request) => {
    const url = new URL(request.path, 'http://kiosk');
    if (url.pathname === '/api/v1/sync/pull') pullSinces.push(url.searchParams.get('since') ?? '');
    if (url.pathname === PUSH_PATH && request.method === 'POST' && holdPushes) return { kind: 'holdThenDrop', until: holdPushes };
    return { kind: 'none' };
  });
  const kioskDir = join(workDir, 'kiosk');
  await writeKioskProvisioning(demoDir, kioskDir, { countyUrl: proxy.url, code: county.enrollCode, deviceName: 'killed kiosk' });
  preview = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: kioskDir, countyOrigin: proxy.url });
  profileDir = join(workDir, 'profile');
});

afterAll(async () => {
  await kiosk?.close();
  await preview?.close();
  await proxy?.close();
  await countyDb?.close();
  await county?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function launch(path = '#/'): Promise<Page> {
  // One browser per profile, as on a kiosk: a clean shutdown of the previous one first.
  await kiosk?.close();
  kiosk = await launchKioskProcess(profileDir);
  await kiosk.page.goto(`${preview.url}${path}`);
  return kiosk.page;
}

async function killKiosk(): Promise<void> {
  await kiosk?.kill();
  kiosk = null;
}

/** Polls the stored pull state (bounded by time) until `ready` says so; fails with the last state seen. */
async function waitForPull(page: Page, what: string, ready: (state: StoredPullState) => boolean, timeoutMs = 90_000): Promise<StoredPullState> {
  const deadline = Date.now() + timeoutMs;
  let last: StoredPullState | null = null;
  while (Date.now() < deadline) {
    last = await readStoredPullState(page);
    if (last && ready(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`timed out waiting for ${what}; last pull state: ${JSON.stringify(last)}`);
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function deviceId(): Promise<string> {
  const devices = await listDevices(countyDb.db);
  const device = devices[0];
  if (devices.length !== 1 || !device) throw new Error(`expected one enrolled device, found ${devices.length}`);
  return device.id;
}

describe('the kiosk browser killed with SIGKILL', () => {
  it('early and half-way through its first sync, relaunched each time: resumes and ends holding exactly the county data', async () => {
    let page = await launch();
    const early = await waitForPull(page, 'the first page to land', (s) => s.rowsApplied > 0);
    await killKiosk();
    expect(early.complete, 'killed before the first sync ended').toBe(false);
    const total = early.snapshotTotal;
    if (total === null || total < 3 * early.rowsApplied) throw new Error(`the first sync must take several pages: ${JSON.stringify(early)}`);
    const snapshotsStarted = pullSinces.filter((s) => s === '').length;

    page = await launch();
    const resumed = await waitForPull(page, 'the relaunched kiosk to go on', (s) => s.rowsApplied > 0);
    expect(resumed.rowsApplied, 'what IndexedDB kept survived the kill').toBeGreaterThanOrEqual(early.rowsApplied);
    const middle = await waitForPull(page, 'the first sync to be half done', (s) => s.rowsApplied * 2 >= total);
    await killKiosk();
    expect(middle.complete, 'killed before the first sync ended (the village is too small if not)').toBe(false);
    expect(middle.snapshotTotal).toBe(total);

    page = await launch();
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 90_000 });
    const done = await waitForPull(page, 'the first sync to complete', (s) => s.complete);
    // Resumed from its cursor both times: no snapshot was started over after a kill.
    expect(pullSinces.filter((s) => s === '').length).toBe(snapshotsStarted);
    expect(done).toMatchObject({ rowsApplied: total, snapshotTotal: total });

    const figures = await expectKioskHoldsCountyData(countyDb.db, villageCode, await readKioskSnapshot(page));
    expect(figures.disbursements).toBeGreaterThan(20_000);
    expect(figures.households).toBeGreaterThan(0);
  });

  it("while a resident's feedback is pushed (the county committed it, its answer never came back): sent again, held once", async () => {
    let releaseHeld: () => void = () => undefined;
    holdPushes = new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
    const id = await deviceId();
    let page: Page;
    try {
      page = await launch('#/feedback/new');
      await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
      await page.getByTestId('feedback-text').fill('村口路灯坏了，晚上看不见路');
      await page.getByTestId('feedback-submit').click();
      await page.getByTestId('feedback-done').waitFor();
      const ticketNo = (await page.getByTestId('ticket-no').innerText()).match(/YJ-\d{12}-\d{6}-\d{3}/)?.[0];
      if (!ticketNo) throw new Error('no ticket number on the screen');
      // The new record kicks the worker; the county commits the push; its answer is held by the proxy.
      await waitUntil('the county to commit the ticket', async () => (await countyDb.db.selectFrom('feedback').select('id').where('ticket_no', '=', ticketNo).execute()).length > 0);
      expect((await readOutboxStates(page)).filter((state) => state === 'pending').length, 'the kiosk has not heard back yet').toBeGreaterThan(0);
      await killKiosk();
    } finally {
      holdPushes = null;
      releaseHeld();
    }
    const pushesBefore = proxy.forwarded.count;

    page = await launch();
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    await waitUntil('the relaunched kiosk to have every record acknowledged', async () => {
      const states = await readOutboxStates(page);
      return states.length > 0 && states.every((state) => state === 'acked');
    });
    expect(proxy.forwarded.count, 'the kiosk pushed again after the restart').toBeGreaterThan(pushesBefore);
    const after = await readKioskSnapshot(page);
    await expectCountyHoldsKioskRecords(countyDb.db, id, after);
    const tickets = await countyDb.db.selectFrom('feedback').select('id').where('device_id', '=', id).execute();
    expect(tickets).toHaveLength(after.feedback.length);
    expect(after.feedback.length).toBe(1);
    await expectKioskHoldsCountyData(countyDb.db, villageCode, after);
  });
});
