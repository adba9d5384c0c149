/**
 * Objections (异议) to a program open with its public notice (公示) and stay open afterwards: a
 * household may find a wrong amount only when it is paid. "Today" is the later of the kiosk clock
 * and the date of the county data, because the kiosk clock may be years behind.
 */
export type ObjectionWindow = { open: true } | { open: false; opensOn: string };

export function objectionWindow(noticeFrom: string, kioskToday: string, dataAsOf: string | null): ObjectionWindow {
  const today = dataAsOf !== null && dataAsOf.slice(0, 10) > kioskToday ? dataAsOf.slice(0, 10) : kioskToday;
  return noticeFrom <= today ? { open: true } : { open: false, opensOn: noticeFrom };
}
