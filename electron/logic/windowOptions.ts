import type { BrowserWindowConstructorOptions } from 'electron';

/** Matches the page's --paper colour, so no flash of another colour before the first paint. */
export const WINDOW_BACKGROUND_COLOR = '#ffffff';
export const WINDOW_TITLE = '村务公开自助终端';

export interface WindowOptionsInput {
  /** Absolute path of the built preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** Packaged builds are production: no devtools, no application menu. */
  isPackaged: boolean;
  /** Fullscreen kiosk lock (production default; see launchOptions). */
  kioskMode: boolean;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    backgroundColor: WINDOW_BACKGROUND_COLOR,
    // Shown on 'ready-to-show', so a slow first load never shows an empty frame.
    show: false,
    // Station PCs are commonly 1366x768 or 1920x1080; the windowed size fits the smaller one.
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    fullscreen: input.kioskMode,
    kiosk: input.kioskMode,
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would ask for a new window; the open handler denies those, and this stops the ask.
      disableBlinkFeatures: 'Auxclick',
      devTools: !input.isPackaged,
      // The kiosk is the only window and always on screen; timers (idle timeout) must not be throttled.
      backgroundThrottling: false,
    },
  };
}

/** The default menu carries Reload and Toggle DevTools accelerators; a production kiosk has none. */
export function shouldShowApplicationMenu(isPackaged: boolean): boolean {
  return !isPackaged;
}
