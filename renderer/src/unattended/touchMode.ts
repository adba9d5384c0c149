import { getBridge } from '../bridge';
import './touchMode.css';

/**
 * Hides the mouse cursor when the station has a touch screen. The class is set from the stored
 * settings at start and again after the administrator saves them, so a change shows at once.
 */
export const TOUCH_MODE_CLASS = 'kiosk-touch-mode';

export function applyTouchMode(enabled: boolean, root: HTMLElement = document.documentElement): void {
  root.classList.toggle(TOUCH_MODE_CLASS, enabled);
}

/** Reads the settings through the bridge; a failure leaves the cursor visible (the safe side for an agent). */
export async function applyStoredTouchMode(): Promise<void> {
  const result = await getBridge().getUnattendedSettings();
  if (result.ok) applyTouchMode(result.value.settings.touchMode);
}
