/**
 * The names of the kiosk's IPC methods and the channels derived from them.
 * Kept free of zod so the sandboxed preload can import it without bundling a schema library.
 */

/** The property of `window` the preload exposes the bridge on. */
export const KIOSK_BRIDGE_GLOBAL = 'kiosk';

export const kioskMethodNames = [
  'getAppInfo',
  'printPage',
  'setKioskMode',
  'listPrinters',
  'saveFile',
  'openFile',
  'enrollDevice',
  'getSyncCredentials',
  'forgetEnrollment',
  'getUnattendedSettings',
  'saveUnattendedSettings',
  'exportDiagnostics',
  'sendDiagnostics',
] as const;
export type KioskMethodName = (typeof kioskMethodNames)[number];

const CHANNEL_PREFIX = 'kiosk:';
export type KioskChannel = `${typeof CHANNEL_PREFIX}${KioskMethodName}`;

export function channelFor(method: KioskMethodName): KioskChannel {
  return `${CHANNEL_PREFIX}${method}`;
}

export function methodForChannel(channel: string): KioskMethodName | null {
  if (!channel.startsWith(CHANNEL_PREFIX)) return null;
  const name = channel.slice(CHANNEL_PREFIX.length);
  return (kioskMethodNames as readonly string[]).includes(name) ? (name as KioskMethodName) : null;
}

/** A print job is named after the document title; long titles are cut by spoolers anyway. */
export const PRINT_JOB_NAME_MAX_LENGTH = 80;

/** Backups travel as base64 through IPC; a village's records stay far below this. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
