/** The window calls setKioskMode needs (a BrowserWindow in main, a fake in tests). */
export interface KioskWindow {
  isDestroyed(): boolean;
  setKiosk(flag: boolean): void;
  setFullScreen(flag: boolean): void;
  isKiosk(): boolean;
}

/**
 * Leaves (or re-enters) kiosk mode. The page asks for the administrator PIN before calling this;
 * main only acts on the window the request came from. Leaving kiosk mode also leaves full screen,
 * so the desktop and the window controls are reachable for maintenance.
 */
export function applyKioskMode(window: KioskWindow | null, enabled: boolean): { kioskMode: boolean } {
  if (!window || window.isDestroyed()) return { kioskMode: false };
  window.setKiosk(enabled);
  window.setFullScreen(enabled);
  return { kioskMode: window.isKiosk() };
}
