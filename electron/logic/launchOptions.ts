import { isAbsolute, resolve } from 'node:path';

/**
 * Command-line and environment options of the Electron app.
 *   --demo-data=<dir>   (or env KIOSK_DEMO_DIR) folder served as app://kiosk/demo/
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
  return {
    demoDir: demoRaw === null ? null : isAbsolute(demoRaw) ? resolve(demoRaw) : resolve(input.cwd, demoRaw),
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
