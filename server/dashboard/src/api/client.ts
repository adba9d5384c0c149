import type { z } from 'zod';
import { CSRF_HEADER, DASHBOARD_API_PREFIX, dashboardErrorSchema } from '../../../../shared/dashboard/staff';

/** A failed API call: the server's code and message (already safe to show), and the HTTP status. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set after login / session check; every write carries it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401 (session expired): the shell sends the user to login. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

async function failure(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON (a proxy's error page) is reported by status alone.
  }
  const parsed = dashboardErrorSchema.safeParse(body);
  if (response.status === 401) onUnauthorized?.();
  return parsed.success
    ? new ApiError(response.status, parsed.data.error.code, parsed.data.error.message)
    : new ApiError(response.status, 'HTTP_' + response.status, response.statusText || 'request failed');
}

/** The URL of an API path, e.g. apiUrl('/cases', { village: '…' }); undefined/'' params are left out. */
export function apiUrl(path: string, params: Record<string, string | number | boolean | undefined | null> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `${DASHBOARD_API_PREFIX}${path}${query === '' ? '' : `?${query}`}`;
}

async function request<T>(method: string, url: string, schema: z.ZodType<T>, body?: BodyInit, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (method !== 'GET' && csrfToken !== null) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(url, { method, headers, body: body ?? null, credentials: 'same-origin' });
  if (!response.ok) throw await failure(response);
  // An empty answer (204 after logout) is parsed as undefined, so z.undefined()/z.unknown() accept it.
  const text = await response.text();
  // Responses are parsed like any other input crossing a boundary.
  return schema.parse(text === '' ? undefined : (JSON.parse(text) as unknown));
}

export function apiGet<T>(path: string, schema: z.ZodType<T>, params?: Record<string, string | number | boolean | undefined | null>): Promise<T> {
  return request('GET', apiUrl(path, params), schema);
}

export function apiSend<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  return request(method, apiUrl(path), schema, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
}

/** Sends a file as the raw request body (no multipart), with its name in the query. */
export function apiUpload<T>(path: string, file: Blob, params: Record<string, string | undefined>, schema: z.ZodType<T>): Promise<T> {
  return request('POST', apiUrl(path, params), schema, file, 'application/octet-stream');
}
