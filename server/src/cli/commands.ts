import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { listDevices, revokeDevice, type DeviceRecord } from '../repositories/devices';
import { addVillage, listVillages } from '../repositories/villages';
import { issueEnrollmentCode } from '../services/enrollment';
import { parseDuration } from './duration';
import { UsageError } from './usage';

export interface CommandOptions {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  out: (line: string) => void;
}

function requiredString(values: CommandOptions['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

function optionalInteger(values: CommandOptions['values'], name: string): number | null {
  const value = values[name];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
}

export async function villageAdd(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const village = await addVillage(db, {
    code: requiredString(values, 'code'),
    name: requiredString(values, 'name'),
    townshipCode: requiredString(values, 'township'),
    groups: optionalInteger(values, 'groups'),
  });
  out(values.json === true ? JSON.stringify(village) : `added village ${village.code} ${village.name}`);
}

export async function villageList(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const villages = await listVillages(db);
  if (values.json === true) return out(JSON.stringify(villages));
  if (villages.length === 0) return out('no villages');
  for (const v of villages) out(`${v.code}  ${v.townshipCode}  ${v.name}`);
}

export async function deviceEnrollCode(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const ttlText = typeof values.ttl === 'string' ? values.ttl : '24h';
  const ttlMs = parseDuration(ttlText);
  if (ttlMs === undefined) throw new UsageError(`--ttl ${ttlText}: expected minutes, hours or days, like 90m, 24h or 7d`);
  const issued = await issueEnrollmentCode(db, requiredString(values, 'village'), ttlMs);
  out(values.json === true ? JSON.stringify({ code: issued.code, expiresAt: issued.expiresAt }) : issued.code);
}

function deviceStatus(device: DeviceRecord): string {
  return device.revokedAt === null ? 'active' : `revoked ${device.revokedAt}`;
}

export async function deviceList(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const devices = await listDevices(db);
  if (values.json === true) return out(JSON.stringify(devices));
  if (devices.length === 0) return out('no devices');
  for (const d of devices) {
    out(`${d.id}  ${d.villageCode}  ${deviceStatus(d)}  station ${d.stationNo ?? '-'}  last seen ${d.lastSeenAt ?? 'never'}  ${d.name}`);
  }
}

export class DeviceNotFoundError extends Error {
  override name = 'DeviceNotFoundError';
}

export async function deviceRevoke(db: Kysely<Database>, { positionals, out }: CommandOptions): Promise<void> {
  if (positionals.length !== 1) throw new UsageError('device revoke takes exactly one device id');
  const id = positionals[0] as string;
  const result = await revokeDevice(db, id);
  if (result.status === 'not-found') throw new DeviceNotFoundError(`no device ${id}`);
  out(result.status === 'revoked' ? `revoked device ${id}` : `device ${id} was already revoked at ${result.device.revokedAt ?? ''}`);
}
