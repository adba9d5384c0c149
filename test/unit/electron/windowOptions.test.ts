import { describe, expect, it } from 'vitest';
import { buildWindowOptions, shouldShowApplicationMenu, WINDOW_BACKGROUND_COLOR } from '../../../electron/logic/windowOptions';

const preloadPath = '/opt/kiosk/resources/app.asar/dist/electron/preload.cjs';

describe('window options', () => {
  it('always isolates the page: context isolation, sandbox, no Node, web security, no middle-click windows', () => {
    for (const isPackaged of [true, false]) {
      for (const kioskMode of [true, false]) {
        const prefs = buildWindowOptions({ preloadPath, isPackaged, kioskMode }).webPreferences;
        expect(prefs).toMatchObject({
          preload: preloadPath,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          webviewTag: false,
          disableBlinkFeatures: 'Auxclick',
        });
        expect(prefs).not.toHaveProperty('enableBlinkFeatures');
        expect(prefs).not.toHaveProperty('experimentalFeatures');
      }
    }
  });

  it('turns devtools and the application menu off in a packaged build', () => {
    expect(buildWindowOptions({ preloadPath, isPackaged: true, kioskMode: true }).webPreferences?.devTools).toBe(false);
    expect(buildWindowOptions({ preloadPath, isPackaged: false, kioskMode: false }).webPreferences?.devTools).toBe(true);
    expect(shouldShowApplicationMenu(true)).toBe(false);
    expect(shouldShowApplicationMenu(false)).toBe(true);
  });

  it('locks the screen (fullscreen + kiosk) in kiosk mode only', () => {
    expect(buildWindowOptions({ preloadPath, isPackaged: true, kioskMode: true })).toMatchObject({ fullscreen: true, kiosk: true });
    expect(buildWindowOptions({ preloadPath, isPackaged: false, kioskMode: false })).toMatchObject({ fullscreen: false, kiosk: false });
  });

  it('paints the page colour before the first frame and waits to be shown', () => {
    const options = buildWindowOptions({ preloadPath, isPackaged: true, kioskMode: true });
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND_COLOR);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.show).toBe(false);
  });
});
