import type { CustomScheme } from 'electron';

/**
 * The kiosk page is served from a privileged custom scheme, `app://kiosk/`, never from file://:
 * a standard scheme gets a real origin (so IndexedDB, workers, fetch and CSP 'self' behave as on
 * the web) and lets main tell its own page apart from anything else by URL.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** URL prefix under which the demo data folder is served. */
export const DEMO_URL_PREFIX = '/demo/';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    // Vite emits <script type="module" crossorigin>; module scripts and workers are fetched in CORS mode.
    corsEnabled: true,
    // The demo disbursements CSV can be hundreds of megabytes: it must stream, not buffer.
    stream: true,
    codeCache: true,
  },
};

/**
 * True only for URLs of the kiosk's own origin. Compares scheme and host rather than `URL.origin`,
 * which is the string "null" for non-special schemes in Node's URL parser.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
