/**
 * What every bridge method resolves to. Errors cross the IPC boundary as data (a code the UI can
 * branch on and a message for logs), never as a thrown exception with a stack.
 * Zod-free, like methods.ts, because the preload uses it.
 */

export interface IpcError {
  code: string;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const IPC_ERROR_CODES = {
  /** The request did not match the method's schema. */
  invalidArgument: 'INVALID_ARGUMENT',
  /** The call came from a frame that is not the kiosk's own page. */
  forbiddenSender: 'FORBIDDEN_SENDER',
  /** The main process could not be reached (no handler, bridge torn down, unclonable argument). */
  ipcUnavailable: 'IPC_UNAVAILABLE',
  /** The printer or the print system reported a failure (not a cancel by the agent). */
  printFailed: 'PRINT_FAILED',
  /** Reading or writing a file the agent chose failed (disk full, USB stick pulled, too large). */
  fileFailed: 'FILE_FAILED',
  /** This runtime cannot do what was asked (e.g. no window.print). */
  unsupported: 'UNSUPPORTED',
  /** A bug: the handler threw or returned something outside its schema. Details stay in the log. */
  internal: 'INTERNAL',
} as const;

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): IpcResult<T> {
  return { ok: false, error: { code, message } };
}

/** Reduces anything thrown to a one-line message, so no stack or object graph leaks into a result. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'unknown error';
}
