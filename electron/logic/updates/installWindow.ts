import { z } from 'zod';

/**
 * When an update may be installed: installing restarts the kiosk, so only at night (the station is
 * closed) and only when nobody has touched the screen for a while. The hours are local wall-clock
 * hours set by the administrator; the kiosk clock decides nothing else (never ordering).
 */

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 01:00');

export const installWindowSchema = z.strictObject({
  /** Local time the window opens, "HH:MM". */
  start: clockTimeSchema,
  /** Local time it closes; earlier than start means it spans midnight (23:00–05:00). */
  end: clockTimeSchema,
  /** No touch or key for at least this long. */
  minIdleSeconds: z.number().int().min(0).max(24 * 3600),
});
export type InstallWindow = z.infer<typeof installWindowSchema>;

export const DEFAULT_INSTALL_WINDOW: InstallWindow = { start: '01:00', end: '05:00', minIdleSeconds: 15 * 60 };

export function minutesOfDay(clockTime: string): number {
  const [hours, minutes] = clockTimeSchema.parse(clockTime).split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Start inclusive, end exclusive; start === end is an empty window (installing is switched off). */
export function isInsideWindow(localMinutes: number, window: Pick<InstallWindow, 'start' | 'end'>): boolean {
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  if (start === end) return false;
  return start < end ? localMinutes >= start && localMinutes < end : localMinutes >= start || localMinutes < end;
}

export interface InstallMoment {
  /** The local wall-clock time (Date#getHours() * 60 + getMinutes() in main). */
  localMinutes: number;
  /** powerMonitor.getSystemIdleTime() in main. */
  idleSeconds: number;
}

export function mayInstallNow(moment: InstallMoment, window: InstallWindow): boolean {
  return isInsideWindow(moment.localMinutes, window) && moment.idleSeconds >= window.minIdleSeconds;
}
