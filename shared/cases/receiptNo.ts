import { localReceiptNoSchema, receiptNoSchema } from '../domain/case';
import { MAX_STATION_NO, UNENROLLED_STATION_NO } from './stationNo';

export type ReceiptKind = 'DB' | 'YJ';
/** DB: a proxy-service case (代办); YJ: an objection or feedback ticket (意见). */
export const RECEIPT_KINDS: Record<ReceiptKind, string> = { DB: 'case', YJ: 'feedback' };

/**
 * The last three digits of a number are the kiosk's station number in its village (one digit,
 * assigned by the county at enrollment: 1–9), then its daily sequence (two digits, 01–99):
 * DB-341222100001-261127-205 is station 2's fifth case or ticket of 27 Nov 2026. Two kiosks of one
 * village therefore never issue the same number, and the county can act on each by its number.
 * A kiosk not enrolled yet numbers as station 0. Numbers issued before stations existed (a plain
 * 3-digit sequence) have the same shape, so they still parse and track.
 */
export { MAX_STATION_NO, UNENROLLED_STATION_NO };
/** A station files at most this many cases and tickets a day (the two-digit sequence). */
export const MAX_DAILY_SEQUENCE = 99;

/** "2026-11-27" → "261127" */
export function receiptDay(isoDate: string): string {
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`not a date: ${isoDate}`);
  return `${match[1]}${match[2]}${match[3]}`;
}

/** `sequence`: the station's daily sequence 1..99; `stationNo`: 1..9, or 0 before enrollment. */
export function formatReceiptNo(kind: ReceiptKind, villageCode: string, isoDate: string, sequence: number, stationNo: number = UNENROLLED_STATION_NO): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) throw new RangeError(`sequence ${sequence} out of range 1..${MAX_DAILY_SEQUENCE}`);
  if (!Number.isInteger(stationNo) || stationNo < UNENROLLED_STATION_NO || stationNo > MAX_STATION_NO) throw new RangeError(`station ${stationNo} out of range 0..${MAX_STATION_NO}`);
  return receiptNoSchema.parse(`${kind}-${villageCode}-${receiptDay(isoDate)}-${stationNo}${String(sequence).padStart(2, '0')}`);
}

/** The station digit of a number (of a number from before stations: the hundreds of its sequence). */
export function stationNoOf(receiptNo: string): number {
  return Number(receiptNoSchema.parse(receiptNo).slice(-3, -2));
}

/** The 9 digits a resident types at their own station: day, station and sequence. */
export function localPartOf(receiptNo: string): string {
  const parsed = receiptNoSchema.parse(receiptNo);
  return parsed.slice(-10).replace('-', '');
}

/** Accepts what a resident or a QR scanner types: the full number, or its 9-digit local part. */
export function parseTrackingInput(text: string): { localNo: string; kind: ReceiptKind | null } | null {
  const trimmed = text.trim().toUpperCase();
  const full = receiptNoSchema.safeParse(trimmed);
  if (full.success) return { localNo: localPartOf(full.data), kind: full.data.slice(0, 2) as ReceiptKind };
  const local = localReceiptNoSchema.safeParse(trimmed);
  return local.success ? { localNo: local.data, kind: null } : null;
}
