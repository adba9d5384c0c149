import type { KioskDatabase } from '../schema';
import { formatReceiptNo, MAX_DAILY_SEQUENCE, receiptDay, type ReceiptKind } from '../../../../shared/cases/receiptNo';
import { getMeta } from '../queries/meta';
import { getStationNo } from './settings';

export class ReceiptNumberError extends Error {}

/**
 * Takes the next receipt or ticket number of the day: this kiosk's station number, then its daily
 * sequence (shared/cases/receiptNo.ts). Cases and tickets share one daily counter, so the 9-digit
 * local part a resident types is unique across both; the counter is per kiosk and keeps running
 * when the station number changes, so a kiosk never repeats one of its own numbers. Call inside a
 * 'rw' transaction that includes db.counters, db.meta and db.settings, so the number and the
 * record that uses it commit together.
 */
export async function takeReceiptNumber(db: KioskDatabase, kind: ReceiptKind, isoDate: string): Promise<string> {
  const scope = await getMeta(db, 'scope');
  const villageCode = scope?.villageCode;
  if (!villageCode) throw new ReceiptNumberError('this kiosk has no village yet: load the county data first');
  const key = `receipt:${receiptDay(isoDate)}`;
  const next = ((await db.counters.get(key))?.value ?? 0) + 1;
  if (next > MAX_DAILY_SEQUENCE) {
    throw new ReceiptNumberError(`this kiosk has issued its ${MAX_DAILY_SEQUENCE} receipt and ticket numbers for ${isoDate}, the most one station can issue in a day: file the rest tomorrow or at another station of the village`);
  }
  await db.counters.put({ key, value: next });
  return formatReceiptNo(kind, villageCode, isoDate, next, await getStationNo(db));
}

/** Today's date on the kiosk clock (display and receipt numbers only; never used to order records). */
export function kioskToday(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
