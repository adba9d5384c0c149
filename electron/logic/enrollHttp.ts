import { ENROLL_TIMEOUT_MS, type PostJson } from '../../shared/ipc/enrollCall';

/**
 * The main process's HTTP for enrollment: Node's fetch, a time limit (a weak mobile link hangs
 * rather than fails), and no redirects (the one-time code is sent to the address the agent typed
 * and nowhere else). Any failure to get an answer rejects; requestEnrollment calls that NETWORK.
 */
export function createNodePostJson(fetchImpl: typeof fetch = globalThis.fetch, timeoutMs: number = ENROLL_TIMEOUT_MS): PostJson {
  return async (url, body) => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(describeFetchFailure(error, timeoutMs));
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

/** Node's fetch says only "fetch failed"; the cause names the real problem (ECONNREFUSED, ENOTFOUND). */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
