import { apiErrorSchema, enrollResponseSchema } from '../sync/protocol';
import { fail, ok, type IpcResult } from './result';
import { ENROLL_ERROR_CODES, enrollEndpointOf, syncEnrollmentSchema, type SyncCredentials } from './syncEnrollment';

/**
 * The enroll request both bridges make (Electron's main process with Node's fetch, the web bridge
 * with the page's): POST {countyUrl}/api/v1/devices/enroll, then every answer mapped to credentials
 * or to an error code the agent's screen can explain. The HTTP call itself is injected, because
 * shared/ has no fetch, timers or AbortController in its types.
 */

/** The county's answer: its status and its JSON body (undefined when the body was not JSON). */
export interface EnrollHttpAnswer {
  status: number;
  body: unknown;
}

/** POSTs a JSON body; rejects when no answer came at all (offline, refused connection, DNS, timeout). */
export type PostJson = (url: string, body: unknown) => Promise<EnrollHttpAnswer>;

/** A request that was already parsed by enrollDeviceRequestSchema (countyUrl canonical, code checked). */
export interface ParsedEnrollRequest {
  countyUrl: string;
  code: string;
  deviceName: string;
  authorId: string;
}

/** Weak mobile links hang rather than fail; an agent waits this long at most. */
export const ENROLL_TIMEOUT_MS = 20_000;

const COUNTY_REFUSALS: ReadonlySet<string> = new Set([
  ENROLL_ERROR_CODES.codeUnknown,
  ENROLL_ERROR_CODES.codeUsed,
  ENROLL_ERROR_CODES.codeExpired,
  ENROLL_ERROR_CODES.authorIdTaken,
  ENROLL_ERROR_CODES.villageFull,
  ENROLL_ERROR_CODES.rateLimited,
]);

export async function requestEnrollment(request: ParsedEnrollRequest, postJson: PostJson, now: Date): Promise<IpcResult<SyncCredentials>> {
  const url = enrollEndpointOf(request.countyUrl);
  let answer: EnrollHttpAnswer;
  try {
    answer = await postJson(url, { code: request.code, deviceName: request.deviceName, authorId: request.authorId });
  } catch (error) {
    return fail(ENROLL_ERROR_CODES.network, `no answer from ${request.countyUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (answer.status >= 200 && answer.status < 300) return credentialsFrom(request, answer, now);
  return refusalOf(request.countyUrl, answer);
}

function credentialsFrom(request: ParsedEnrollRequest, answer: EnrollHttpAnswer, now: Date): IpcResult<SyncCredentials> {
  const parsed = enrollResponseSchema.safeParse(answer.body);
  if (!parsed.success) {
    return fail(ENROLL_ERROR_CODES.notCountyServer, `${request.countyUrl} answered ${answer.status}, but not as a county server does`);
  }
  const enrollment = syncEnrollmentSchema.safeParse({
    countyUrl: request.countyUrl,
    deviceId: parsed.data.deviceId,
    villageCode: parsed.data.villageCode,
    deviceName: request.deviceName,
    enrolledAt: now.toISOString(),
    epoch: parsed.data.epoch,
    stationNo: parsed.data.stationNo,
  });
  if (!enrollment.success) return fail(ENROLL_ERROR_CODES.notCountyServer, 'the county answered with an enrollment this kiosk cannot use');
  return ok({ enrollment: enrollment.data, token: parsed.data.token });
}

function refusalOf(countyUrl: string, answer: EnrollHttpAnswer): IpcResult<never> {
  const error = apiErrorSchema.safeParse(answer.body);
  // A message from the county is shown to the agent: keep it to one short line.
  const countyMessage = error.success ? error.data.error.message.replace(/\s+/g, ' ').slice(0, 300) : null;
  if (answer.status >= 500) {
    return fail(ENROLL_ERROR_CODES.serverError, countyMessage ?? `${countyUrl} answered ${answer.status}`);
  }
  if (!error.success) {
    // A 4xx without the API's error body: another web server (a wrong address or path).
    return fail(ENROLL_ERROR_CODES.notCountyServer, `${countyUrl} answered ${answer.status}, but not as a county server does`);
  }
  const code = error.data.error.code;
  if (COUNTY_REFUSALS.has(code)) return fail(code, countyMessage ?? code);
  // The API's own "no such route": the address reaches a server, but not the county API under it.
  if (code === 'NOT_FOUND') return fail(ENROLL_ERROR_CODES.notCountyServer, countyMessage ?? 'no county API at this address');
  return fail(ENROLL_ERROR_CODES.refused, `${code}: ${countyMessage ?? ''}`.slice(0, 300));
}
