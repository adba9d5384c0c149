// Injected by vite.config.mts (`define`, also in the sync worker's bundle); absent when a file runs
// unbundled (unit tests).
declare const __KIOSK_VERSION__: string | undefined;

/** The kiosk's build version: shown on screen and sent to the county with every sync request. */
export const KIOSK_VERSION = typeof __KIOSK_VERSION__ === 'string' ? __KIOSK_VERSION__ : '0.0.0-dev';
