import type { z } from 'zod';
import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import {
  apiErrorSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema,
  type PullResponse, type PushRequest, type PushResponse,
} from '../../../shared/sync/protocol';

/** Why a sync call failed, in the terms the engine acts on. */
export type SyncFailureKind =
  /** No answer (offline, DNS, reset, timeout): retry with backoff. */
  | 'network'
  /** 401/403: the token was revoked or is wrong: stop and tell the agent to enrol again. */
  | 'unauthorized'
  /** Another 4xx: the request itself is refused; resending it unchanged will not help. */
  | 'refused'
  /** 5xx or 429: the county is in trouble: retry with backoff. */
  | 'server'
  /** The answer does not parse as the protocol says: treat as a server fault. */
  | 'protocol';

export class SyncHttpError extends Error {
  constructor(readonly kind: SyncFailureKind, readonly status: number | null, readonly code: string, message: string) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'protocol';
  }
}

export interface SyncClientOptions {
  /** The county server, e.g. https://county.example.cn (no trailing /api). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** A request that takes longer is abandoned (weak links hang rather than fail). */
  timeoutMs?: number;
  /** Sent as x-kiosk-version so the county's devices page shows which build each station runs. */
  kioskVersion?: string;
}

export interface SyncClient {
  push(request: PushRequest): Promise<PushResponse>;
  pull(since: string, limit: number): Promise<PullResponse>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The kiosk side of the wire: every request and every answer parsed with the shared schemas. */
export function createSyncClient({ baseUrl, token, fetch: fetchImpl = globalThis.fetch.bind(globalThis), timeoutMs = DEFAULT_TIMEOUT_MS, kioskVersion }: SyncClientOptions): SyncClient {
  // Relative, so a county behind a reverse proxy under a path (https://host/county/) keeps its prefix.
  const root = new URL('api/v1/', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);

  async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(new URL(path, root), {
        ...init,
        signal: controller.signal,
        headers: { ...init.headers, Authorization: `Bearer ${token}`, Accept: 'application/json', ...(kioskVersion === undefined ? {} : { [KIOSK_VERSION_HEADER]: kioskVersion }) },
      });
    } catch (error) {
      throw new SyncHttpError('network', null, 'NETWORK', error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new SyncHttpError(response.ok ? 'protocol' : failureKind(response.status), response.status, 'BAD_BODY', `the county answered ${response.status} without a readable body`);
    }
    if (!response.ok) {
      const error = apiErrorSchema.safeParse(body);
      const code = error.success ? error.data.error.code : `HTTP_${response.status}`;
      const message = error.success ? error.data.error.message : `the county answered ${response.status}`;
      throw new SyncHttpError(failureKind(response.status), response.status, code, message);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SyncHttpError('protocol', response.status, 'BAD_RESPONSE', `unexpected answer from the county: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  return {
    push: (request) =>
      call('sync/push', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(pushRequestSchema.parse(request)) }, pushResponseSchema),
    pull: (since, limit) => call(`sync/pull?${new URLSearchParams({ since, limit: String(limit) })}`, { method: 'GET' }, pullResponseSchema),
  };
}

function failureKind(status: number): SyncFailureKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429 || status >= 500) return 'server';
  return 'refused';
}
