import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, KIOSK_CONTEXT_OPTIONS, openKiosk, readDemoManifest, saveScreenshot, useBrowser } from './support';

const kiosk = useBrowser();

describe('resident home screen', () => {
  it('shows big tiles, the station, the data date and the network state', async () => {
    const manifest = await readDemoManifest();
    const page = await openKiosk(kiosk.browser);
    try {
      for (const tile of ['subsidies', 'programs', 'projects', 'notices']) {
        const box = await page.getByTestId(`tile-${tile}`).boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(48);
        expect(box?.width).toBeGreaterThanOrEqual(48);
      }
      expect(await page.getByTestId('data-as-of').innerText()).toContain(manifest.dataAsOf);
      expect(await page.getByTestId('station-name').innerText()).not.toBe('');
      expect(await page.getByTestId('network-badge').getAttribute('data-online')).toBe('true');
      await page.context().setOffline(true);
      await page.waitForSelector('[data-testid="network-badge"][data-online="false"]');
      await saveScreenshot(page, 'home-offline');
      await expectNoAxeViolations(page, 'home');
      await page.context().setOffline(false);
      await page.waitForSelector('[data-testid="network-badge"][data-online="true"]');
    } finally {
      await page.context().close();
    }
  });

  it('body text is at least 20 px and every button is a 48 px touch target', async () => {
    const page = await openKiosk(kiosk.browser, '/#/subsidies');
    try {
      const bodyPx = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p') ?? document.body).fontSize));
      expect(bodyPx).toBeGreaterThanOrEqual(20);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, a.button, [role="tab"], a.tile')]
          .filter((el) => el.offsetParent !== null)
          .map((el) => ({ text: el.innerText.trim(), rect: el.getBoundingClientRect() }))
          .filter(({ rect }) => rect.width < 48 || rect.height < 48)
          .map(({ text, rect }) => `${text} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
      );
      expect(small).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('the text-size switch enlarges all text and cycles back', async () => {
    const page = await openKiosk(kiosk.browser);
    try {
      const rootPx = (): Promise<number> => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      const titlePx = (): Promise<number> => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize));
      const sizes = [await rootPx()];
      const titles = [await titlePx()];
      for (let i = 0; i < 3; i++) {
        await page.getByTestId('text-size').click();
        sizes.push(await rootPx());
        titles.push(await titlePx());
      }
      expect(sizes).toEqual([20, 24, 28, 20]);
      expect(titles[1]).toBeGreaterThan(titles[0]!);
      expect(titles[2]).toBeGreaterThan(titles[1]!);
      await page.getByTestId('text-size').click();
      await page.getByTestId('text-size').click();
      await saveScreenshot(page, 'home-xlarge-text');
      await expectNoAxeViolations(page, 'home-xlarge-text');
    } finally {
      await page.context().close();
    }
  });

  it('switches the language to English and back', async () => {
    const page = await openKiosk(kiosk.browser);
    try {
      const zhTitle = await page.locator('h1').innerText();
      await page.getByTestId('language-switch').click();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      const enTitle = await page.locator('h1').innerText();
      expect(enTitle).not.toBe(zhTitle);
      expect(enTitle).toMatch(/^[\x20-\x7e]+$/);
      await saveScreenshot(page, 'home-en');
      await expectNoAxeViolations(page, 'home-en');
      await page.getByTestId('language-switch').click();
      expect(await page.locator('h1').innerText()).toBe(zhTitle);
    } finally {
      await page.context().close();
    }
  });

  it('the read-aloud control says so when this machine has no voice, and speaks when it has one', async () => {
    const page = await openKiosk(kiosk.browser);
    try {
      const voices = await page.evaluate(() => speechSynthesis.getVoices().length);
      const control = page.getByTestId('read-aloud');
      if (voices === 0) {
        expect(await control.isDisabled()).toBe(true);
        expect((await control.innerText()).length).toBeGreaterThan(2);
      }
    } finally {
      await page.context().close();
    }
    // With a voice: a fake speechSynthesis records what would be spoken.
    const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
    await context.addInitScript(() => {
      const spoken: string[] = [];
      const fake = {
        getVoices: () => [{ lang: 'zh-CN', name: 'test voice', default: true, localService: true, voiceURI: 'test' }],
        speak: (u: { text: string }) => spoken.push(u.text),
        cancel: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      };
      Object.defineProperty(window, 'speechSynthesis', { value: fake });
      // Real utterances only take real voices; this stand-in takes the fake one.
      class FakeUtterance {
        lang = '';
        voice: unknown = null;
        rate = 1;
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        constructor(readonly text: string) {}
      }
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance });
      (window as unknown as { spoken: string[] }).spoken = spoken;
    });
    try {
      const page = await openKiosk(context);
      const control = page.getByTestId('read-aloud');
      expect(await control.isDisabled()).toBe(false);
      await control.click();
      const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
      expect(spoken).toHaveLength(1);
      expect(spoken[0]).toContain(await page.locator('h1').innerText());
    } finally {
      await context.close();
    }
  });
});

describe('idle timeout', () => {
  it('warns with a countdown, lets the resident stay, then returns home and resets the language', async () => {
    const context = await kiosk.browser.newContext(KIOSK_CONTEXT_OPTIONS);
    await context.clock.install();
    try {
      const page = await openKiosk(context, '/#/subsidies');
      await page.getByTestId('language-switch').click();
      await page.clock.fastForward(75_000);
      const dialog = page.getByTestId('idle-dialog');
      await dialog.waitFor();
      const seconds = Number(await page.getByTestId('idle-countdown').innerText());
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(20);
      await saveScreenshot(page, 'idle-warning');
      await expectNoAxeViolations(page, 'idle-warning');

      // The dialog puts focus on "keep using": Enter (or a tap on it) keeps the resident's screen.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('idle-stay');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      expect(page.url()).toContain('/subsidies');

      // A touch anywhere on the screen counts as activity too.
      await page.clock.fastForward(75_000);
      await dialog.waitFor();
      await page.mouse.click(10, 400);
      await dialog.waitFor({ state: 'detached' });
      expect(page.url()).toContain('/subsidies');

      await page.clock.fastForward(95_000);
      await page.waitForURL((url) => url.hash === '#/');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      expect(await page.getByTestId('idle-dialog').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
