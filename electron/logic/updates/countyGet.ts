import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';

/**
 * One GET of the county's updates API with the device token, redirects refused (an update address
 * never leads anywhere but the enrolled county). An unreachable county is "offline", not an error:
 * the next tick with a link tries again.
 */
export type CountyAnswer = { kind: 'answer'; status: number; body: unknown } | { kind: 'offline'; reason: string };

export interface CountyGetOptions {
  fetch: typeof fetch;
  token: string;
  kioskVersion: string;
  timeoutMs?: number | undefined;
}

export async function getFromCounty(url: string, options: CountyGetOptions): Promise<CountyAnswer> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', [KIOSK_VERSION_HEADER]: options.kioskVersion },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    return { kind: 'offline', reason: error instanceof Error ? error.message : String(error) };
  }
  let body: unknown;
  try {
    body = response.status === 204 ? undefined : await response.json();
  } catch {
    body = undefined;
  }
  return { kind: 'answer', status: response.status, body };
}
