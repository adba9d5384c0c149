import type { Holiday } from '../../domain/serviceItem';
import { addDays, isoDate } from './dates';
import { OFFICIAL_HOLIDAYS, type HolidayPeriod } from './holidayTable';

/**
 * Holidays and make-up workdays for the years the demo covers. Years with a published schedule
 * use it; other years get the statutory pattern (no make-up days), with the lunar festivals found
 * through the Chinese calendar of Intl, so the calendar is always complete if approximate.
 */

function lunarDate(date: string, format: Intl.DateTimeFormat): string {
  const parts = format.formatToParts(new Date(`${date}T12:00:00Z`));
  return `${parts.find((p) => p.type === 'month')?.value}-${parts.find((p) => p.type === 'day')?.value}`;
}

/** Gregorian dates in `year` whose Chinese-calendar month-day is one of `wanted` (e.g. "5-5"). */
function lunarDays(year: number, wanted: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US-u-ca-chinese', { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  } catch {
    return found;
  }
  for (let date = isoDate(year, 1, 1); date <= isoDate(year, 12, 31); date = addDays(date, 1)) {
    const md = lunarDate(date, format);
    if (wanted.includes(md) && !found.has(md)) found.set(md, date);
  }
  return found;
}

/** Qingming (a solar term) falls on 4 or 5 April: the usual [Y·D + C] − L rule for 1901–2099. */
function qingming(year: number): string {
  const y = year % 100;
  const c = year >= 2000 ? 4.81 : 5.59;
  return isoDate(year, 4, Math.floor(y * 0.2422 + c) - Math.floor(y / 4));
}

function statutoryPattern(year: number): HolidayPeriod[] {
  const lunar = lunarDays(year, ['1-1', '5-5', '8-15']);
  const periods: HolidayPeriod[] = [['元旦', isoDate(year, 1, 1), isoDate(year, 1, 1), []]];
  const newYear = lunar.get('1-1');
  if (newYear) periods.push(['春节', addDays(newYear, -1), addDays(newYear, 5), []]);
  periods.push(['清明节', qingming(year), qingming(year), []]);
  periods.push(['劳动节', isoDate(year, 5, 1), isoDate(year, 5, year >= 2020 ? 5 : 1), []]);
  const dragonBoat = lunar.get('5-5');
  if (dragonBoat) periods.push(['端午节', dragonBoat, dragonBoat, []]);
  const midAutumn = lunar.get('8-15');
  if (midAutumn) periods.push(['中秋节', midAutumn, midAutumn, []]);
  periods.push(['国庆节', isoDate(year, 10, 1), isoDate(year, 10, 7), []]);
  return periods;
}

export function hasOfficialSchedule(year: number): boolean {
  return OFFICIAL_HOLIDAYS[year] !== undefined;
}

/** Every day off and every make-up workday for the given years, by date. */
export function buildHolidays(firstYear: number, lastYear: number): Holiday[] {
  const byDate = new Map<string, Holiday>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const [name, firstOff, lastOff, workdays] of OFFICIAL_HOLIDAYS[year] ?? statutoryPattern(year)) {
      for (let date = firstOff; date <= lastOff; date = addDays(date, 1)) byDate.set(date, { date, name, kind: 'off' });
      for (const date of workdays) byDate.set(date, { date, name: `${name}调休上班`, kind: 'workday' });
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
