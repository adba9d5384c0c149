import { isAppUrl } from './appOrigin';

/**
 * What the kiosk window may do on its own. A resident at a public kiosk must never end up on
 * another site, in a second window, or granting a page camera, location or clipboard access.
 */

/** will-navigate / will-redirect / will-frame-navigate: only the kiosk's own pages. */
export function isNavigationAllowed(targetUrl: string): boolean {
  return isAppUrl(targetUrl);
}

/** setWindowOpenHandler: window.open and target=_blank never open anything (nor an external browser). */
export function decideWindowOpen(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * setPermissionRequestHandler / setPermissionCheckHandler: every permission is refused. The kiosk's
 * features (IndexedDB, workers, speechSynthesis, window.print) need none; anything asking for one
 * is either a bug or not our page.
 */
export function decidePermission(_permission: string, _requestingUrl: string | null): boolean {
  return false;
}

/** Downloads (a link with `download`, a navigation to a file) are cancelled: a kiosk saves nothing. */
export function isDownloadAllowed(_url: string): boolean {
  return false;
}
