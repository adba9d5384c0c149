import type { Composer } from 'vue-i18n';
import { ZodError } from 'zod';
import { ApiError } from '../api/client';

/**
 * What to show for a failed call: the area's own text for the server's error code when there is one
 * (`<prefix>.<CODE>`), otherwise the server's message (already safe to show), otherwise a network hint.
 */
export function errorMessage(error: unknown, t: Composer['t'], te: Composer['te'], prefix?: string): string {
  if (error instanceof ApiError) {
    const key = prefix === undefined ? '' : `${prefix}.${error.code}`;
    return key !== '' && te(key) ? t(key) : error.message;
  }
  // A response that did not match its schema: the server and this build disagree.
  if (error instanceof ZodError) return t('common.error', { message: 'unexpected response' });
  if (error instanceof TypeError) return t('common.networkError');
  return t('common.error', { message: error instanceof Error ? error.message : String(error) });
}

/** The server's error code, for data-code attributes tests and scripts can read. */
export function errorCode(error: unknown): string {
  return error instanceof ApiError ? error.code : 'CLIENT';
}
