import { formatFenGrouped, type Fen } from '../../../../shared/money';

/** Server timestamps (ISO UTC) shown in the viewer's time zone, to the minute. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** ¥12,345.67 from integer fen. */
export function formatMoney(fen: Fen): string {
  return `¥${formatFenGrouped(fen)}`;
}

/** Whole days between a server timestamp and now (server "now" when given). */
export function daysSince(iso: string, now: Date): number {
  const then = new Date(iso).getTime();
  return Math.max(0, Math.floor((now.getTime() - then) / 86_400_000));
}
