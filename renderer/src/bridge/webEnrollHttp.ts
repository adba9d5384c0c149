import { ENROLL_TIMEOUT_MS, type PostJson } from '../../../shared/ipc/enrollCall';

/**
 * The page's HTTP for enrollment in web mode: fetch across origins (the county answers CORS for
 * /api/v1), no cookies, no redirects (the one-time code goes only where the agent pointed it), and a
 * time limit. No answer at all — offline, refused, blocked by the page's CSP, or too slow — rejects.
 */
export function createWebPostJson(fetchImpl: typeof fetch, timeoutMs: number = ENROLL_TIMEOUT_MS): PostJson {
  return async (url, body) => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        mode: 'cors',
        credentials: 'omit',
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new Error(timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : error instanceof Error ? error.message : String(error));
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  };
}
