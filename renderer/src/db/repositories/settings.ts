import { z } from 'zod';
import { MAX_STATION_NO, UNENROLLED_STATION_NO } from '../../../../shared/cases/stationNo';
import { uuidv7, UUID_PATTERN } from '../../../../shared/ids/uuidv7';
import { parsePhone } from '../../../../shared/identity/phone';
import type { PrintPageSize } from '../../../../shared/ipc/contract';
import type { KioskDatabase } from '../schema';
import type { StationSettings } from '../villageRecords';
import { appendAudit } from './audit';

export const PAPER_SIZES = ['receipt58', 'receipt80', 'a4'] as const;

export const DEFAULT_STATION_SETTINGS: StationSettings = { stationPhone: '', printerName: null, paper: 'receipt80' };

/** An empty phone means "not set yet"; anything else must be a dialable number. */
const stationPhoneSchema = z.string().transform((text, context) => {
  if (text.trim() === '') return '';
  const parsed = parsePhone(text);
  if (parsed.ok) return parsed.value;
  context.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});

export const stationSettingsSchema = z.strictObject({
  stationPhone: stationPhoneSchema,
  printerName: z.string().trim().min(1).max(200).nullable(),
  paper: z.enum(PAPER_SIZES),
});

export async function getStationSettings(db: KioskDatabase): Promise<StationSettings> {
  const record = await db.settings.get('station');
  if (record?.key !== 'station') return { ...DEFAULT_STATION_SETTINGS };
  // A record from an older build may lack a field: fill it from the defaults rather than fail.
  const parsed = stationSettingsSchema.safeParse({ ...DEFAULT_STATION_SETTINGS, ...record.value });
  return parsed.success ? parsed.data : { ...DEFAULT_STATION_SETTINGS };
}

/**
 * Validates and stores the settings; returns what was stored (the phone normalised). With an actor,
 * the change is audited in the same transaction.
 */
export async function saveStationSettings(
  db: KioskDatabase,
  settings: unknown,
  actor?: { id: string; name: string },
): Promise<StationSettings> {
  const value = stationSettingsSchema.parse(settings);
  await db.transaction('rw', [db.settings, db.auditLog, db.outbox, db.counters], async () => {
    await db.settings.put({ key: 'station', value });
    if (actor) {
      await appendAudit(db, {
        actorId: actor.id,
        actorName: actor.name,
        action: 'settingsChanged',
        subject: 'station',
        details: { stationPhone: value.stationPhone, printerName: value.printerName, paper: value.paper },
      });
    }
  });
  return value;
}

/** This kiosk's author id for case events, made once and kept. */
export async function getDeviceId(db: KioskDatabase): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const record = await db.settings.get('deviceId');
    if (record?.key === 'deviceId' && UUID_PATTERN.test(record.value)) return record.value;
    const id = uuidv7();
    await db.settings.put({ key: 'deviceId', value: id });
    return id;
  });
}

const stationNoSchema = z.number().int().min(1).max(MAX_STATION_NO);

/** The county's station number for this kiosk, or UNENROLLED_STATION_NO (0) before its first enrollment. */
export async function getStationNo(db: KioskDatabase): Promise<number> {
  const record = await db.settings.get('stationNo');
  const parsed = stationNoSchema.safeParse(record?.key === 'stationNo' ? record.value : undefined);
  return parsed.success ? parsed.data : UNENROLLED_STATION_NO;
}

/**
 * Kept after each enrollment. It stays when the enrollment is forgotten: the numbers this kiosk
 * issues meanwhile must still not clash with another station's.
 */
export async function saveStationNo(db: KioskDatabase, stationNo: number): Promise<void> {
  await db.settings.put({ key: 'stationNo', value: stationNoSchema.parse(stationNo) });
}

/** The bridge's page size for the configured paper (settings say 'a4', the print contract 'A4'). */
export function printPageSizeFor(paper: StationSettings['paper']): PrintPageSize {
  return paper === 'a4' ? 'A4' : paper;
}
