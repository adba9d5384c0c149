import type { Kysely } from 'kysely';
import type { Database } from '../../../server/src/db/schema';
import { issueEnrollmentCode } from '../../../server/src/services/enrollment';
import { enrollResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';

export const CODE_TTL_MS = 3_600_000;

/** Enrols a device the way a kiosk does: a one-time code from the county, redeemed over HTTP. */
export async function enrollDevice(db: Kysely<Database>, countyUrl: string, villageCode: string, deviceName: string): Promise<EnrollResponse> {
  const { code } = await issueEnrollmentCode(db, villageCode, CODE_TTL_MS);
  return redeemEnrollmentCode(countyUrl, code, deviceName);
}

export async function redeemEnrollmentCode(countyUrl: string, code: string, deviceName: string): Promise<EnrollResponse> {
  const response = await fetch(`${countyUrl}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName }),
  });
  if (!response.ok) throw new Error(`enrolment refused: ${response.status} ${await response.text()}`);
  return enrollResponseSchema.parse(await response.json());
}
