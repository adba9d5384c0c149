import type { Kysely } from 'kysely';
import type { Database, DevicesTable } from '../db/schema';

export interface DeviceRecord {
  id: string;
  villageCode: string;
  name: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** The author id its case events carry; null: the device id itself (enrolled before author ids were sent). */
  authorId: string | null;
  /** Its station number in the village (1–9); null on an old device that found none free. */
  stationNo: number | null;
}

type DeviceRow = Omit<DevicesTable, 'token_hash' | 'app_version'>;

const PUBLIC_COLUMNS = ['id', 'village_code', 'name', 'enrolled_at', 'revoked_at', 'last_seen_at', 'author_id', 'station_no'] as const;

function toRecord(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    villageCode: row.village_code,
    name: row.name,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
    authorId: row.author_id,
    stationNo: row.station_no === null ? null : Number(row.station_no),
  };
}

/** The author a device's case events must name. */
export function authorIdOf(device: DeviceRecord): string {
  return device.authorId ?? device.id;
}

export async function insertDevice(db: Kysely<Database>, row: Omit<DevicesTable, 'app_version'>): Promise<DeviceRecord> {
  await db.insertInto('devices').values(row).execute();
  return toRecord(row);
}

export async function findDeviceByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<DeviceRecord | undefined> {
  const row = await db.selectFrom('devices').select(PUBLIC_COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export async function findDevice(db: Kysely<Database>, id: string): Promise<DeviceRecord | undefined> {
  const row = await db.selectFrom('devices').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/**
 * A village of a device (revoked ones included) that pushes for this author id, other than
 * `villageCode`; undefined when there is none. An author id belongs to one village: its events
 * carry that village's receipt numbers and stay stored under it.
 */
export async function findAuthorVillageOtherThan(db: Kysely<Database>, authorId: string, villageCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('devices')
    .select('village_code')
    .where((eb) => eb.or([eb('author_id', '=', authorId), eb.and([eb('author_id', 'is', null), eb('id', '=', authorId)])]))
    .where('village_code', '<>', villageCode)
    .executeTakeFirst();
  return row?.village_code;
}

/** A device of a village holding a station number, as the station assignment weighs it. */
export interface StationHolder {
  authorId: string;
  stationNo: number;
  revoked: boolean;
}

/** Every device of the village that holds a station number, revoked ones included, oldest first. */
export async function listStationHolders(db: Kysely<Database>, villageCode: string): Promise<StationHolder[]> {
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'author_id', 'station_no', 'revoked_at'])
    .where('village_code', '=', villageCode)
    .where('station_no', 'is not', null)
    .orderBy('enrolled_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ authorId: row.author_id ?? row.id, stationNo: Number(row.station_no), revoked: row.revoked_at !== null }));
}

export async function listDevices(db: Kysely<Database>): Promise<DeviceRecord[]> {
  const rows = await db.selectFrom('devices').select(PUBLIC_COLUMNS).orderBy('village_code').orderBy('enrolled_at').orderBy('id').execute();
  return rows.map(toRecord);
}

export type RevokeResult = { status: 'revoked'; device: DeviceRecord } | { status: 'already-revoked'; device: DeviceRecord } | { status: 'not-found' };

/** Revoking is permanent: the kiosk must enroll again with a new code. */
export async function revokeDevice(db: Kysely<Database>, id: string, now: Date = new Date()): Promise<RevokeResult> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('devices')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const device = await findDevice(trx, id);
    if (device === undefined) return { status: 'not-found' };
    return { status: updated.numUpdatedRows > 0n ? 'revoked' : 'already-revoked', device };
  });
}

/**
 * Coarse "last seen" for `device list`; only written when it moves by a minute, to spare the database.
 * A kiosk version (already validated) different from the stored one is written at once, with it.
 */
export async function touchDevice(db: Kysely<Database>, id: string, now: Date = new Date(), appVersion: string | null = null): Promise<void> {
  const threshold = new Date(now.getTime() - 60_000).toISOString();
  await db
    .updateTable('devices')
    .set(appVersion === null ? { last_seen_at: now.toISOString() } : { last_seen_at: now.toISOString(), app_version: appVersion })
    .where('id', '=', id)
    .where((eb) => {
      const stale = [eb('last_seen_at', 'is', null), eb('last_seen_at', '<', threshold)];
      if (appVersion !== null) stale.push(eb('app_version', 'is', null), eb('app_version', '!=', appVersion));
      return eb.or(stale);
    })
    .execute();
}
