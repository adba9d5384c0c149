import type { Kysely } from 'kysely';
import type { AuditChainState, DeviceSummary } from '../../../../shared/dashboard/devices';
import { updateArchSchema, updateFormatSchema, updatePlatformSchema } from '../../../../shared/updates/manifest';
import type { Database } from '../../db/schema';

function auditChainOf(brokenSeq: number | string | null): AuditChainState {
  return brokenSeq === null ? { state: 'intact' } : { state: 'broken', atSeq: Number(brokenSeq) };
}

function deviceQuery(db: Kysely<Database>) {
  return db
    .selectFrom('devices')
    .leftJoin('villages', 'villages.code', 'devices.village_code')
    .leftJoin('device_push_state', 'device_push_state.device_id', 'devices.id')
    .select([
      'devices.id', 'devices.name', 'devices.village_code', 'villages.name as village_name', 'devices.station_no', 'devices.enrolled_at',
      'devices.last_seen_at', 'devices.app_version', 'devices.update_platform', 'devices.update_arch', 'devices.update_format', 'devices.revoked_at', 'device_push_state.audit_chain_broken_seq',
    ]);
}

/** Stored as the update route parsed them; re-checked so a hand-edited row shows as "not reported", not as junk. */
function updateTargetOf(row: { update_platform: string | null; update_arch: string | null; update_format: string | null }): DeviceSummary['updateTarget'] {
  const platform = updatePlatformSchema.safeParse(row.update_platform);
  const arch = updateArchSchema.safeParse(row.update_arch);
  const format = updateFormatSchema.safeParse(row.update_format);
  return platform.success && arch.success && format.success ? { platform: platform.data, arch: arch.data, format: format.data } : null;
}

type DeviceListRow = Awaited<ReturnType<ReturnType<typeof deviceQuery>['execute']>>[number];

function toSummary(row: DeviceListRow): DeviceSummary {
  return {
    id: row.id,
    name: row.name,
    villageCode: row.village_code,
    villageName: row.village_name,
    stationNo: row.station_no === null ? null : Number(row.station_no),
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
    appVersion: row.app_version,
    updateTarget: updateTargetOf(row),
    revokedAt: row.revoked_at,
    auditChain: auditChainOf(row.audit_chain_broken_seq),
  };
}

/** Every device ever enrolled (revoked ones too: the page shows when they were cut off), by village then enrollment. */
export async function listDeviceSummaries(db: Kysely<Database>): Promise<DeviceSummary[]> {
  const rows = await deviceQuery(db).orderBy('devices.village_code').orderBy('devices.enrolled_at').orderBy('devices.id').execute();
  return rows.map(toSummary);
}

export async function findDeviceSummary(db: Kysely<Database>, id: string): Promise<DeviceSummary | undefined> {
  const row = await deviceQuery(db).where('devices.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toSummary(row);
}
