import { z } from 'zod';
import { isoDateTimeSchema } from '../domain/common';
import { enrollRequestSchema, enrollResponseSchema } from '../sync/protocol';

/**
 * The bridge's side of county enrollment (DESIGN.md §4): what the page sends to enrol, what the
 * main process (or the web bridge) keeps afterwards, and the error codes the agent's screen explains.
 */

/** Room for a reverse-proxy path prefix; a real county address is far shorter. */
export const COUNTY_URL_MAX_LENGTH = 300;

// Host: a DNS name or an IPv4 address, or a bracketed IPv6 address. No '@' can match, so no credentials.
const COUNTY_URL_PATTERN = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?(\/[^\s?#]*)?$/i;

/**
 * The county server's base URL: http(s), no user name or password (they would sit in a config file
 * and in logs), no query or fragment (the API path is appended to it). A path prefix is allowed for a
 * county behind a reverse proxy. The output is canonical (lower-case scheme and host, no trailing
 * slash), so the same county typed twice compares equal.
 * Parsed without the URL class on purpose: shared/ runs where no DOM or Node globals are typed.
 */
export const countyUrlSchema = z
  .string()
  .trim()
  .min(1, 'enter the county server address')
  .max(COUNTY_URL_MAX_LENGTH)
  .superRefine((text, context) => {
    const problem = countyUrlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform(canonicalCountyUrl);

function countyUrlProblem(text: string): string | null {
  if (!/^https?:\/\//i.test(text)) return 'the county address starts with http:// or https://';
  const authority = text.replace(/^https?:\/\//i, '').split('/', 1)[0] ?? '';
  if (authority.includes('@')) return 'the county address must not contain a user name or password';
  if (text.includes('#')) return 'the county address must not contain a # fragment';
  if (text.includes('?')) return 'the county address must not contain a ? query';
  const match = COUNTY_URL_PATTERN.exec(text);
  if (!match) return 'not a valid county address';
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return 'the port must be between 1 and 65535';
  return null;
}

function canonicalCountyUrl(text: string): string {
  const match = COUNTY_URL_PATTERN.exec(text);
  // Unreachable after the refinement; kept total so the transform never throws.
  if (!match) return text;
  const [, scheme = '', host = '', port, path = ''] = match;
  return `${scheme.toLowerCase()}://${host.toLowerCase()}${port === undefined ? '' : `:${port}`}${path.replace(/\/+$/, '')}`;
}

/** The county's enroll endpoint under a canonical county URL (which has no trailing slash, query or fragment). */
export function enrollEndpointOf(countyUrl: string): string {
  return `${countyUrl}/api/v1/devices/enroll`;
}

// --- enrollDevice({ countyUrl, code, deviceName, authorId }) --------------------------------------

export const enrollDeviceRequestSchema = z.strictObject({
  countyUrl: countyUrlSchema,
  code: enrollRequestSchema.shape.code,
  deviceName: enrollRequestSchema.shape.deviceName,
  /** The kiosk's permanent author id (settings 'deviceId'): the county binds the new device to it. */
  authorId: enrollRequestSchema.shape.authorId.unwrap(),
});
export type EnrollDeviceRequest = z.input<typeof enrollDeviceRequestSchema>;

/** What the kiosk keeps about its enrollment (everything but the secret token). */
export const syncEnrollmentSchema = z.strictObject({
  countyUrl: countyUrlSchema,
  deviceId: enrollResponseSchema.shape.deviceId,
  villageCode: enrollResponseSchema.shape.villageCode,
  deviceName: enrollRequestSchema.shape.deviceName,
  /** The kiosk's clock at enrollment: shown to the agent, never used for ordering. */
  enrolledAt: isoDateTimeSchema,
  /** The county's epoch when the kiosk enrolled: the push epoch until a pull reports a newer one. */
  epoch: enrollResponseSchema.shape.epoch,
  /** The county's station number for this kiosk in its village (also kept in Dexie settings 'stationNo'). */
  stationNo: enrollResponseSchema.shape.stationNo,
});
export type SyncEnrollment = z.infer<typeof syncEnrollmentSchema>;

// --- getSyncCredentials() -------------------------------------------------------------------------

export const getSyncCredentialsRequestSchema = z.undefined();
export const syncCredentialsSchema = z.strictObject({
  enrollment: syncEnrollmentSchema,
  token: enrollResponseSchema.shape.token,
});
export type SyncCredentials = z.infer<typeof syncCredentialsSchema>;
/** null: the kiosk is not enrolled (or its stored credentials could not be read). */
export const getSyncCredentialsResponseSchema = syncCredentialsSchema.nullable();

// --- forgetEnrollment() ---------------------------------------------------------------------------

export const forgetEnrollmentRequestSchema = z.undefined();
/** `forgotten` is false when there was nothing to forget. */
export const forgetEnrollmentResponseSchema = z.strictObject({ forgotten: z.boolean() });

// --- errors ---------------------------------------------------------------------------------------

/**
 * Error codes enrollDevice answers with (besides INVALID_ARGUMENT). The county's own refusals keep
 * the county's code (see server/src/routes/devices.ts), so the screen can name the exact reason.
 */
export const ENROLL_ERROR_CODES = {
  /** No answer: offline, a wrong address, the county server down, or no answer in time. */
  network: 'ENROLL_NETWORK',
  /** Something answered, but not as a county server does (a wrong address that reaches another web server). */
  notCountyServer: 'ENROLL_NOT_COUNTY_SERVER',
  codeUnknown: 'ENROLLMENT_CODE_UNKNOWN',
  codeUsed: 'ENROLLMENT_CODE_USED',
  codeExpired: 'ENROLLMENT_CODE_EXPIRED',
  /** This kiosk's author id already pushes for another village: it can be enrolled only for that one. */
  authorIdTaken: 'AUTHOR_ID_TAKEN',
  /** The village already has nine kiosks with a station number: a kiosk must be revoked first. */
  villageFull: 'VILLAGE_FULL',
  /** Too many attempts from this address; wait a minute. */
  rateLimited: 'RATE_LIMITED',
  /** Another refusal by the county (4xx); its message says why. */
  refused: 'ENROLL_REFUSED',
  /** The county server failed (5xx). */
  serverError: 'ENROLL_SERVER_ERROR',
  /** Enrolled at the county, but this kiosk cannot keep the token safely (no OS encryption, disk). */
  storageFailed: 'CREDENTIALS_STORAGE_FAILED',
} as const;
export type EnrollErrorCode = (typeof ENROLL_ERROR_CODES)[keyof typeof ENROLL_ERROR_CODES];
