/**
 * The county's calendar day. Counties are in China Standard Time (UTC+8, no daylight saving), so
 * "today" for deadlines, overdue flags, "data as of" and export file names is the UTC+8 date of the
 * server clock — never a kiosk's clock, and not the UTC date, which lags until 08:00 local time.
 */
export const COUNTY_UTC_OFFSET_MS = 8 * 3_600_000;

export function countyDate(now: Date): string {
  return new Date(now.getTime() + COUNTY_UTC_OFFSET_MS).toISOString().slice(0, 10);
}
