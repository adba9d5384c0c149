import { localReceiptNoSchema, receiptNoSchema } from '../domain/case';

export type ReceiptKind = 'DB' | 'YJ';
/** DB: a proxy-service case (代办); YJ: an objection or feedback ticket (意见). */
export const RECEIPT_KINDS: Record<ReceiptKind, string> = { DB: 'case', YJ: 'feedback' };
/** A kiosk files at most this many cases and tickets a day (three-digit sequence). */
export const MAX_DAILY_SEQUENCE = 999;

/** "2026-11-27" → "261127" */
export function receiptDay(isoDate: string): string {
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`not a date: ${isoDate}`);
  return `${match[1]}${match[2]}${match[3]}`;
}

export function formatReceiptNo(kind: ReceiptKind, villageCode: string, isoDate: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) throw new RangeError(`sequence ${sequence} out of range`);
  return receiptNoSchema.parse(`${kind}-${villageCode}-${receiptDay(isoDate)}-${String(sequence).padStart(3, '0')}`);
}

/** The 9 digits a resident types at their own station: day + sequence. */
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
