import { isAbsolute, resolve, win32 } from 'node:path';

/**
 * Command-line and environment options of the Electron app.
 *   --demo-data=<dir>   (or env KIOSK_DEMO_DIR) folder served as app://kiosk/demo/; an installed
 *                       kiosk without either serves its station folder (see stationDataDir), where a
 *                       technician leaves provisioning.json for a first start that enrols itself
 *   --kiosk-mode=on|off (or env KIOSK_MODE)     fullscreen kiosk lock; default: on when packaged
 * Our own names, not Chromium's --kiosk switch, so Chromium never interprets them.
 */
export interface LaunchOptions {
  demoDir: string | null;
  kioskMode: boolean;
  /** Options that were given but not understood; main logs them and uses the default. */
  warnings: string[];
}

export interface LaunchOptionsInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  isPackaged: boolean;
  cwd: string;
  /** process.platform: where an installed kiosk looks for its station folder. */
  platform: string;
}

/** The folder a county technician writes provisioning.json into (administrator rights needed on both). */
export const LINUX_STATION_DATA_DIR = '/etc/village-kiosk';
export const WINDOWS_STATION_DATA_FOLDER = 'VillageKiosk';

/**
 * An installed kiosk's station folder: machine-wide and writable only by an administrator, so the
 * file that decides which county a kiosk trusts cannot be dropped there by the station's own user.
 * null where the app runs unpackaged (a developer's machine uses --demo-data) or on another OS.
 */
export function stationDataDir(platform: string, env: Readonly<Record<string, string | undefined>>): string | null {
  if (platform === 'linux') return LINUX_STATION_DATA_DIR;
  if (platform === 'win32') return win32.join(nonEmpty(env.ProgramData) ?? 'C:\\ProgramData', WINDOWS_STATION_DATA_FOLDER);
  return null;
}

export function parseLaunchOptions(input: LaunchOptionsInput): LaunchOptions {
  const demoArg = switchValue(input.argv, 'demo-data');
  const demoRaw = demoArg ?? nonEmpty(input.env.KIOSK_DEMO_DIR);
  const kioskRaw = switchValue(input.argv, 'kiosk-mode') ?? nonEmpty(input.env.KIOSK_MODE);
  const kioskParsed = kioskRaw === null ? null : parseOnOff(kioskRaw);
  const warnings: string[] = [];
  // A typo must not unlock a production kiosk nor stop it from starting: fall back to the default.
  if (kioskRaw !== null && kioskParsed === null) {
    warnings.push(`kiosk-mode must be on or off, got ${JSON.stringify(kioskRaw)}; using the default`);
  }
  const explicitDir = demoRaw === null ? null : isAbsolute(demoRaw) ? resolve(demoRaw) : resolve(input.cwd, demoRaw);
  return {
    demoDir: explicitDir ?? (input.isPackaged ? stationDataDir(input.platform, input.env) : null),
    kioskMode: kioskParsed ?? input.isPackaged,
    warnings,
  };
}

/** The value of the last `--name=value` switch (later switches override earlier ones). */
function switchValue(argv: readonly string[], name: string): string | null {
  const prefix = `--${name}=`;
  let value: string | null = null;
  for (const arg of argv) {
    if (arg.startsWith(prefix)) value = nonEmpty(arg.slice(prefix.length));
  }
  return value;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function parseOnOff(value: string): boolean | null {
  const lower = value.toLowerCase();
  if (['on', '1', 'true', 'yes'].includes(lower)) return true;
  if (['off', '0', 'false', 'no'].includes(lower)) return false;
  return null;
}
