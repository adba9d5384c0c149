import { z } from 'zod';

/**
 * What the county technician or station administrator sets for a kiosk left running unattended:
 * when the display must stay on (opening hours, station-local time) and whether the screen is a
 * touch screen (the mouse cursor is then hidden). Stored as JSON next to the kiosk's data; main
 * reads it at start. A missing or damaged file must never stop the kiosk, so parsing falls back
 * to the defaults and says why.
 */

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const clockTimeSchema = z.string().regex(HH_MM, 'a time of day as HH:MM, 00:00–23:59');

export const openingHoursSchema = z
  .object({ from: clockTimeSchema, to: clockTimeSchema })
  .strict()
  // Equal times would mean "always" or "never" ambiguously; "always" is spelled openingHours: null.
  .refine((hours) => hours.from !== hours.to, { message: 'opening and closing time must differ' });

export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const unattendedSettingsSchema = z
  .object({
    /** null: the display is kept awake around the clock. */
    openingHours: openingHoursSchema.nullable(),
    touchMode: z.boolean(),
  })
  .strict();

export type UnattendedSettings = z.infer<typeof unattendedSettingsSchema>;

/** A typical station's hours (the service hall opens early for farmers and closes after supper). */
export const DEFAULT_UNATTENDED_SETTINGS: UnattendedSettings = {
  openingHours: { from: '07:30', to: '20:00' },
  touchMode: false,
};

export type UnattendedSettingsResult =
  | { ok: true; value: UnattendedSettings }
  | { ok: false; value: UnattendedSettings; problems: string[] };

/**
 * Parses the stored settings. Fields missing from an older file take their default; anything
 * invalid yields the defaults as a whole (a half-applied file is harder to reason about) plus
 * the problems, which main logs.
 */
export function parseUnattendedSettings(input: unknown): UnattendedSettingsResult {
  const withDefaults = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...DEFAULT_UNATTENDED_SETTINGS, ...input } : input;
  const parsed = unattendedSettingsSchema.safeParse(withDefaults);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    value: DEFAULT_UNATTENDED_SETTINGS,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`),
  };
}

/** "07:30" → 450. Only for values the schema accepted. */
export function minutesOfDay(clockTime: string): number {
  const match = HH_MM.exec(clockTime);
  if (!match) throw new Error(`not a time of day: ${clockTime}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
