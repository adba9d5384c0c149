import { z } from 'zod';
import { villageCodeSchema } from '../domain/common';
import { updateArchSchema, updateFormatSchema, updatePlatformSchema } from '../updates/manifest';

/** The kiosk's build version, sent on every sync request and shown on the devices page. */
export const KIOSK_VERSION_HEADER = 'x-kiosk-version';
/** Semver-ish, short: anything else a kiosk sends is ignored rather than stored. */
export const kioskVersionSchema = z.string().max(32).regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/);

export const auditChainStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('intact') }),
  /** The first pushed audit entry whose hash did not continue the chain. */
  z.object({ state: z.literal('broken'), atSeq: z.number().int() }),
]);
export type AuditChainState = z.infer<typeof auditChainStateSchema>;

export const deviceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string().nullable(),
  stationNo: z.number().int().nullable(),
  enrolledAt: z.string(),
  lastSeenAt: z.string().nullable(),
  appVersion: z.string().nullable(),
  /** What the kiosk last asked updates as (GET /api/v1/updates/latest); null: it never asked (web mode, older build). */
  updateTarget: z.object({ platform: updatePlatformSchema, arch: updateArchSchema, format: updateFormatSchema }).nullable(),
  revokedAt: z.string().nullable(),
  auditChain: auditChainStateSchema,
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const deviceListResponseSchema = z.object({ devices: z.array(deviceSummarySchema) });
export type DeviceListResponse = z.infer<typeof deviceListResponseSchema>;

export const ENROLLMENT_TTL_HOURS = { min: 1, max: 168, default: 24 } as const;

export const enrollmentCodeRequestSchema = z.strictObject({
  villageCode: villageCodeSchema,
  ttlHours: z.number().int().min(ENROLLMENT_TTL_HOURS.min).max(ENROLLMENT_TTL_HOURS.max),
});
export type EnrollmentCodeRequest = z.infer<typeof enrollmentCodeRequestSchema>;

/** The code is shown once (as text and QR); the server keeps only its hash. */
export const enrollmentCodeResponseSchema = z.object({ code: z.string(), expiresAt: z.string(), villageCode: z.string() });
export type EnrollmentCodeResponse = z.infer<typeof enrollmentCodeResponseSchema>;

export const deviceRevokeResponseSchema = z.object({ device: deviceSummarySchema, alreadyRevoked: z.boolean() });
export type DeviceRevokeResponse = z.infer<typeof deviceRevokeResponseSchema>;
