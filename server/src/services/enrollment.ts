import type { Kysely } from 'kysely';
import type { EnrollRequest, EnrollResponse } from '../../../shared/sync/protocol';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Database } from '../db/schema';
import { findAuthorVillageOtherThan, insertDevice } from '../repositories/devices';
import { claimEnrollmentCode, findEnrollmentCode, insertEnrollmentCode } from '../repositories/enrollmentCodes';
import { getEpoch } from '../repositories/serverMeta';
import { assignStationNo } from './stationNumbers';
import { findVillage } from '../repositories/villages';
import { newDeviceToken, newEnrollmentCode, sha256Hex } from '../secrets';

export const MAX_ENROLLMENT_TTL_MS = 30 * 24 * 3_600_000;

export class UnknownVillageError extends Error {
  override name = 'UnknownVillageError';
}

export interface IssuedEnrollmentCode {
  code: string;
  villageCode: string;
  expiresAt: string;
}

/** A one-time code for one village; only its hash is stored, so it is shown to county staff exactly once. */
export async function issueEnrollmentCode(
  db: Kysely<Database>,
  villageCode: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<IssuedEnrollmentCode> {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_ENROLLMENT_TTL_MS) {
    throw new RangeError('an enrollment code lives between one minute and 30 days');
  }
  if ((await findVillage(db, villageCode)) === undefined) throw new UnknownVillageError(`no village ${villageCode}; add it first`);
  const code = newEnrollmentCode();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await insertEnrollmentCode(db, {
    code_hash: sha256Hex(code),
    village_code: villageCode,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
    used_by_device_id: null,
  });
  return { code, villageCode, expiresAt };
}

export type EnrollmentFailure = 'ENROLLMENT_CODE_UNKNOWN' | 'ENROLLMENT_CODE_USED' | 'ENROLLMENT_CODE_EXPIRED' | 'AUTHOR_ID_TAKEN' | 'VILLAGE_FULL';
export type EnrollmentResult = { ok: true; response: EnrollResponse } | { ok: false; reason: EnrollmentFailure };

class CodeNotClaimed extends Error {}
class AuthorIdTaken extends Error {}
class VillageFull extends Error {}

/**
 * Creates the device and claims the code in one transaction: if the claim loses (used, expired,
 * raced by another kiosk) the device row is rolled back with it, so nothing is left behind.
 * The device pushes case events authored by `request.authorId`, the kiosk's permanent local id
 * (an old client sends none: its author id is the new device id). A kiosk enrolling again keeps
 * its author id, so several devices of one village may share it; a device of another village may
 * not, and then nothing changes (the code stays unused). The device gets the kiosk's station number
 * in the village (services/stationNumbers.ts); with all nine held, nothing changes either.
 */
export async function enrollDevice(db: Kysely<Database>, request: EnrollRequest, now: Date = new Date()): Promise<EnrollmentResult> {
  const codeHash = sha256Hex(request.code);
  const code = await findEnrollmentCode(db, codeHash);
  if (code === undefined) return { ok: false, reason: 'ENROLLMENT_CODE_UNKNOWN' };

  const deviceId = uuidv7(now.getTime());
  const authorId = request.authorId ?? deviceId;
  const token = newDeviceToken();
  try {
    const enrolled = await db.transaction().execute(async (trx) => {
      if ((await findAuthorVillageOtherThan(trx, authorId, code.village_code)) !== undefined) throw new AuthorIdTaken();
      const stationNo = await assignStationNo(trx, code.village_code, authorId);
      if (stationNo === null) throw new VillageFull();
      await insertDevice(trx, {
        id: deviceId,
        village_code: code.village_code,
        name: request.deviceName,
        token_hash: sha256Hex(token),
        enrolled_at: now.toISOString(),
        revoked_at: null,
        last_seen_at: null,
        author_id: authorId,
        station_no: stationNo,
      });
      if (!(await claimEnrollmentCode(trx, codeHash, deviceId, now))) throw new CodeNotClaimed();
      return { epoch: await getEpoch(trx), stationNo };
    });
    return { ok: true, response: { deviceId, token, villageCode: code.village_code, epoch: enrolled.epoch, stationNo: enrolled.stationNo } };
  } catch (error) {
    if (error instanceof AuthorIdTaken) return { ok: false, reason: 'AUTHOR_ID_TAKEN' };
    if (error instanceof VillageFull) return { ok: false, reason: 'VILLAGE_FULL' };
    if (!(error instanceof CodeNotClaimed)) throw error;
    const current = await findEnrollmentCode(db, codeHash);
    if (current?.used_at != null) return { ok: false, reason: 'ENROLLMENT_CODE_USED' };
    return { ok: false, reason: 'ENROLLMENT_CODE_EXPIRED' };
  }
}
