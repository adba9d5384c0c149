/**
 * Touch mode for stations with a touch screen: the mouse cursor is hidden, since a pointer stuck
 * in the middle of the screen (where the last tap left it) looks broken to residents. Injected by
 * main with webContents.insertCSS after every load, so the renderer needs no knowledge of it and
 * it also covers the crash page.
 */

export const TOUCH_MODE_CSS = '*, *::before, *::after { cursor: none !important; }';

/** The CSS to inject, or null when touch mode is off. */
export function touchModeCss(settings: { touchMode: boolean }): string | null {
  return settings.touchMode ? TOUCH_MODE_CSS : null;
}
