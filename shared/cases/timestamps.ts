/**
 * Event times as the author's wall clock with its UTC offset (2026-11-27T09:15:00+08:00): shown
 * to people and used for the "created on" day, never for ordering events.
 */
export function localTimestamp(now: Date): string {
  const offsetMinutes = -now.getTimezoneOffset();
  const local = new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
