import { countyDate } from '../../../../shared/calendar/countyDay';

/** The date deadlines are judged against: the county's day by the server clock, never a kiosk's. */
export function serverToday(now: Date): string {
  return countyDate(now);
}
