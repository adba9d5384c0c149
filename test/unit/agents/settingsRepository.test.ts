import { describe, expect, it } from 'vitest';
import { DEFAULT_STATION_SETTINGS, getDeviceId, getStationSettings, printPageSizeFor, saveStationSettings } from '../../../renderer/src/db/repositories/settings';
import { UUID_PATTERN } from '../../../shared/ids/uuidv7';
import { freshDb } from '../db/support/testDb';

describe('settings repository', () => {
  it('gives defaults, then what was saved (phone normalised), auditing the change', async () => {
    const db = freshDb();
    expect(await getStationSettings(db)).toEqual(DEFAULT_STATION_SETTINGS);
    const saved = await saveStationSettings(db, { stationPhone: '138 0013 8000', printerName: 'POS-80', paper: 'receipt58' }, { id: 'a', name: '李建国' });
    expect(saved.stationPhone).toBe('13800138000');
    expect(await getStationSettings(db)).toEqual(saved);
    expect(await db.auditLog.toArray()).toMatchObject([{ action: 'settingsChanged', actorName: '李建国' }]);
  });

  it('refuses a bad phone or paper and saves nothing', async () => {
    const db = freshDb();
    await expect(saveStationSettings(db, { stationPhone: '12345', printerName: null, paper: 'a4' })).rejects.toThrow();
    await expect(saveStationSettings(db, { stationPhone: '', printerName: null, paper: 'a5' })).rejects.toThrow();
    expect(await db.settings.count()).toBe(0);
    expect((await saveStationSettings(db, { stationPhone: '', printerName: null, paper: 'a4' })).stationPhone).toBe('');
  });

  it('makes one device id and keeps it', async () => {
    const db = freshDb();
    const [a, b] = await Promise.all([getDeviceId(db), getDeviceId(db)]);
    expect(a).toMatch(UUID_PATTERN);
    expect(b).toBe(a);
    expect(await getDeviceId(db)).toBe(a);
  });

  it('maps the paper setting to the print contract page size', () => {
    expect([printPageSizeFor('a4'), printPageSizeFor('receipt58'), printPageSizeFor('receipt80')]).toEqual(['A4', 'receipt58', 'receipt80']);
  });
});
