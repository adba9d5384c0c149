import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatReceiptNo, localPartOf, MAX_DAILY_SEQUENCE, MAX_STATION_NO, parseTrackingInput, stationNoOf, UNENROLLED_STATION_NO,
} from '../../../shared/cases/receiptNo';
import { getStationNo, saveStationNo } from '../../../renderer/src/db/repositories/settings';
import { ReceiptNumberError, takeReceiptNumber } from '../../../renderer/src/db/repositories/receiptNumbers';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { TOWNSHIP_A, VILLAGE_A1 } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';

const DAY = '2026-11-27';

describe('receipt numbers with a station digit', () => {
  it('puts the station digit before a two-digit daily sequence', () => {
    expect(formatReceiptNo('DB', VILLAGE_A1, DAY, 5, 2)).toBe(`DB-${VILLAGE_A1}-261127-205`);
    expect(formatReceiptNo('YJ', VILLAGE_A1, DAY, MAX_DAILY_SEQUENCE, MAX_STATION_NO)).toBe(`YJ-${VILLAGE_A1}-261127-999`);
    expect(formatReceiptNo('DB', VILLAGE_A1, DAY, 1)).toBe(`DB-${VILLAGE_A1}-261127-001`);
    expect(localPartOf(formatReceiptNo('DB', VILLAGE_A1, DAY, 12, 3))).toBe('261127312');
    expect(stationNoOf(formatReceiptNo('YJ', VILLAGE_A1, DAY, 40, 7))).toBe(7);
  });

  it('never gives two stations of a village, or two sequences of a station, the same number', () => {
    const numbers = new Set<string>();
    for (let station = UNENROLLED_STATION_NO; station <= MAX_STATION_NO; station++) {
      for (let sequence = 1; sequence <= MAX_DAILY_SEQUENCE; sequence++) numbers.add(localPartOf(formatReceiptNo('DB', VILLAGE_A1, DAY, sequence, station)));
    }
    expect(numbers.size).toBe((MAX_STATION_NO + 1) * MAX_DAILY_SEQUENCE);
  });

  it('refuses a sequence or a station out of range', () => {
    for (const sequence of [0, MAX_DAILY_SEQUENCE + 1, 1.5]) expect(() => formatReceiptNo('DB', VILLAGE_A1, DAY, sequence, 1)).toThrow(RangeError);
    for (const station of [-1, MAX_STATION_NO + 1, 2.5]) expect(() => formatReceiptNo('DB', VILLAGE_A1, DAY, 1, station)).toThrow(RangeError);
  });

  it('still reads and tracks numbers issued before stations existed', () => {
    const old = `YJ-${VILLAGE_A1}-261127-123`;
    expect(parseTrackingInput(old)).toEqual({ localNo: '261127123', kind: 'YJ' });
    expect(parseTrackingInput('261127123')).toEqual({ localNo: '261127123', kind: null });
    expect(localPartOf(old)).toBe('261127123');
  });
});

describe('takeReceiptNumber', () => {
  let db: KioskDatabase;
  const take = (kind: 'DB' | 'YJ', day = DAY) => db.transaction('rw', [db.counters, db.meta, db.settings], () => takeReceiptNumber(db, kind, day));

  beforeEach(async () => {
    db = freshDb();
    await db.meta.put({ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 } });
  });
  afterEach(() => db.close());

  it('numbers as station 0 before enrollment, then with the county\'s station, the daily counter running on', async () => {
    expect(await getStationNo(db)).toBe(UNENROLLED_STATION_NO);
    expect(await take('DB')).toBe(`DB-${VILLAGE_A1}-261127-001`);
    expect(await take('YJ')).toBe(`YJ-${VILLAGE_A1}-261127-002`);
    await saveStationNo(db, 4);
    expect(await getStationNo(db)).toBe(4);
    expect(await take('DB')).toBe(`DB-${VILLAGE_A1}-261127-403`);
    expect(await take('YJ', '2026-11-28')).toBe(`YJ-${VILLAGE_A1}-261128-401`);
  });

  it('keeps a station number only in 1..9, and ignores a stored value that is not one', async () => {
    await expect(saveStationNo(db, 0)).rejects.toThrow();
    await expect(saveStationNo(db, 10)).rejects.toThrow();
    await db.settings.put({ key: 'stationNo', value: 12 });
    expect(await getStationNo(db)).toBe(UNENROLLED_STATION_NO);
  });

  it('refuses the hundredth number of a day with a clear message and takes nothing, the next day starting again', async () => {
    await saveStationNo(db, 2);
    await db.counters.put({ key: 'receipt:261127', value: MAX_DAILY_SEQUENCE - 1 });
    expect(await take('DB')).toBe(`DB-${VILLAGE_A1}-261127-299`);
    const refused = await take('YJ').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReceiptNumberError);
    expect(String((refused as Error).message)).toMatch(/99 receipt and ticket numbers for 2026-11-27/);
    expect((await db.counters.get('receipt:261127'))?.value).toBe(MAX_DAILY_SEQUENCE);
    expect(await take('YJ', '2026-11-28')).toBe(`YJ-${VILLAGE_A1}-261128-201`);
  });
});
