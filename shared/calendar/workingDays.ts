import type { Holiday } from '../domain/serviceItem';

/**
 * Working-day arithmetic on the county holiday calendar. Dates are ISO calendar dates handled as
 * UTC midnights, so neither the kiosk's time zone nor daylight saving can shift a day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** More than any promised period (120 working days) can span, even across the longest holidays. */
const MAX_CALENDAR_SPAN = 3 * 366;

function toUtcMs(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new Error(`not a date: ${isoDate}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== isoDate) throw new Error(`not a calendar date: ${isoDate}`);
  return ms;
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export type HolidayLookup = ReadonlyMap<string, Holiday['kind']>;

export function holidayLookup(holidays: readonly Holiday[]): HolidayLookup {
  return new Map(holidays.map((holiday) => [holiday.date, holiday.kind]));
}

/** A weekday that is not a public holiday, or a weekend day worked in exchange (调休). */
export function isWorkingDay(isoDate: string, holidays: readonly Holiday[] | HolidayLookup): boolean {
  const lookup = holidays instanceof Map ? holidays : holidayLookup(holidays as readonly Holiday[]);
  const kind = lookup.get(isoDate);
  if (kind === 'off') return false;
  if (kind === 'workday') return true;
  const weekday = new Date(toUtcMs(isoDate)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline of a promise made on `startIso` to finish within `days` working days: the N-th
 * working day after the start day (the start day itself never counts, even when it is a working day).
 */
export function addWorkingDays(startIso: string, days: number, holidays: readonly Holiday[]): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive whole number, got ${days}`);
  const lookup = holidayLookup(holidays);
  let ms = toUtcMs(startIso);
  let counted = 0;
  for (let step = 0; step < MAX_CALENDAR_SPAN; step++) {
    ms += DAY_MS;
    if (isWorkingDay(fromUtcMs(ms), lookup) && ++counted === days) return fromUtcMs(ms);
  }
  throw new RangeError(`no ${days} working days within ${MAX_CALENDAR_SPAN} calendar days of ${startIso}`);
}

/** Calendar days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function calendarDaysBetween(fromIso: string, toIso: string): number {
  return Math.round((toUtcMs(toIso) - toUtcMs(fromIso)) / DAY_MS);
}
