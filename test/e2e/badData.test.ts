import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPreviewServer, type PreviewServer } from '../../scripts/lib/previewServer';
import { DEMO_FILES } from '../../shared/demo/manifest';
import { e2eDemoDir, expectNoAxeViolations, KIOSK_CONTEXT_OPTIONS, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Serves this run's kiosk build with a damaged copy of the demo data. */
async function serveDamaged(damage: (dir: string) => Promise<void>): Promise<PreviewServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-bad-data-'));
  await cp(e2eDemoDir(), dir, { recursive: true });
  await damage(dir);
  const server = await startPreviewServer({ port: 0, rendererDir: inject('e2eRendererDir'), demoDir: dir });
  cleanups.push(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return server;
}

async function bannerFor(server: PreviewServer, screen: string): Promise<{ text: string; tablesEmpty: boolean }> {
  const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    const text = await page.getByTestId('data-banner').innerText();
    await saveScreenshot(page, screen);
    await expectNoAxeViolations(page, screen);
    // Nothing half-written: the kiosk database holds no households and no payments.
    const tablesEmpty = await page.evaluate(
      () =>
        new Promise<boolean>((resolve, reject) => {
          const open = indexedDB.open('village-kiosk');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const names = ['disbursements', 'households'].filter((n) => db.objectStoreNames.contains(n));
            if (names.length === 0) return resolve(true);
            const tx = db.transaction(names, 'readonly');
            const counts = names.map((n) => tx.objectStore(n).count());
            tx.oncomplete = () => resolve(counts.every((c) => c.result === 0));
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    return { text, tablesEmpty };
  } finally {
    await context.close();
  }
}

describe('damaged county data', () => {
  it('a CSV cut off mid-row is refused, naming the file and line, and nothing is stored', async () => {
    const server = await serveDamaged(async (dir) => {
      const file = join(dir, DEMO_FILES.disbursements);
      const text = await readFile(file, 'utf8');
      const lines = text.trimEnd().split('\r\n');
      await writeFile(file, `${lines.slice(0, -1).join('\r\n')}\r\n${lines.at(-1)!.slice(0, 40)}`);
    });
    const { text, tablesEmpty } = await bannerFor(server, 'bad-data-truncated-csv');
    expect(text).toContain(DEMO_FILES.disbursements);
    expect(text).toMatch(/line \d+/);
    expect(tablesEmpty).toBe(true);
  });

  it('a program file that breaks its schema is refused, naming the file', async () => {
    const server = await serveDamaged(async (dir) => {
      const file = join(dir, DEMO_FILES.programs);
      const programs = JSON.parse(await readFile(file, 'utf8')) as Array<Record<string, unknown>>;
      programs[3] = { ...programs[3], budgetFen: -5 };
      await writeFile(file, JSON.stringify(programs));
    });
    const { text, tablesEmpty } = await bannerFor(server, 'bad-data-program-schema');
    expect(text).toContain(DEMO_FILES.programs);
    expect(tablesEmpty).toBe(true);
  });

  it('a folder with no manifest means no data yet, said plainly', async () => {
    const server = await serveDamaged(async (dir) => {
      await rm(join(dir, DEMO_FILES.manifest));
    });
    const { text, tablesEmpty } = await bannerFor(server, 'no-data-yet');
    expect(text.length).toBeGreaterThan(4);
    expect(tablesEmpty).toBe(true);
  });
});
