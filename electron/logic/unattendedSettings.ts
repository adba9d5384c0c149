import { join } from 'node:path';
import { DEFAULT_UNATTENDED_SETTINGS, parseUnattendedSettings, type UnattendedSettings } from '../../shared/unattended/settings';

/**
 * The administrator's unattended settings (opening hours, touch mode) as a JSON file in userData,
 * where a county technician can also place it by hand or by the installer. A missing file means the
 * defaults; an unreadable one means the defaults plus warnings to log, never a kiosk that won't start.
 */

export const UNATTENDED_SETTINGS_FILE = 'unattended-settings.json';

export function unattendedSettingsPath(userDataDir: string): string {
  return join(userDataDir, UNATTENDED_SETTINGS_FILE);
}

/** `readText` returns the file's text, or null when there is no file (other read errors throw). */
export function loadUnattendedSettings(readText: () => string | null): { settings: UnattendedSettings; warnings: string[] } {
  let text: string | null;
  try {
    text = readText();
  } catch (error) {
    return { settings: DEFAULT_UNATTENDED_SETTINGS, warnings: [`cannot read the unattended settings: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (text === null) return { settings: DEFAULT_UNATTENDED_SETTINGS, warnings: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { settings: DEFAULT_UNATTENDED_SETTINGS, warnings: ['the unattended settings file is not valid JSON; using the defaults'] };
  }
  const parsed = parseUnattendedSettings(json);
  return parsed.ok
    ? { settings: parsed.value, warnings: [] }
    : { settings: parsed.value, warnings: parsed.problems.map((problem) => `unattended settings: ${problem}; using the defaults`) };
}
