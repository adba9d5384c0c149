import { z } from 'zod';
import { PRINT_JOB_NAME_MAX_LENGTH, type KioskMethodName } from './methods';
import type { IpcResult } from './result';

export * from './methods';
export * from './result';

/**
 * The IPC contract between the kiosk page and the Electron main process: one method per message.
 * Main parses every request with these schemas (the sender is untrusted), the web bridge parses with
 * the same ones, and both answer with an IpcResult. Objects are strict: an unknown key is a bad request.
 */

// --- getAppInfo() ---------------------------------------------------------------------------------

export const getAppInfoRequestSchema = z.undefined();
export const appInfoSchema = z.strictObject({
  mode: z.enum(['electron', 'web']),
  version: z.string().min(1).max(64),
  platform: z.string().min(1).max(64),
  kioskMode: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

// --- printPage({ jobName }) -----------------------------------------------------------------------

export const printPageRequestSchema = z.strictObject({
  // The job name shows in the print queue and as the default PDF file name; control characters
  // (newlines, tabs) would garble both.
  jobName: z
    .string()
    .min(1)
    .max(PRINT_JOB_NAME_MAX_LENGTH)
    .regex(/^[^\p{Cc}]+$/u, 'job name must not contain control characters'),
});
export type PrintPageRequest = z.infer<typeof printPageRequestSchema>;

/** `printed` is false when the agent cancelled the print dialog. */
export const printPageResponseSchema = z.strictObject({ printed: z.boolean() });
export type PrintPageResponse = z.infer<typeof printPageResponseSchema>;

// --- the contract ---------------------------------------------------------------------------------

interface MethodContract {
  request: z.ZodType;
  response: z.ZodType;
}

export const kioskContract = {
  getAppInfo: { request: getAppInfoRequestSchema, response: appInfoSchema },
  printPage: { request: printPageRequestSchema, response: printPageResponseSchema },
} as const satisfies { [M in KioskMethodName]: MethodContract };

export type RequestOf<M extends KioskMethodName> = z.output<(typeof kioskContract)[M]['request']>;
export type ResponseOf<M extends KioskMethodName> = z.output<(typeof kioskContract)[M]['response']>;

/** Methods whose request schema is `undefined` take no argument. */
type BridgeMethod<M extends KioskMethodName> = [RequestOf<M>] extends [undefined]
  ? () => Promise<IpcResult<ResponseOf<M>>>
  : (request: RequestOf<M>) => Promise<IpcResult<ResponseOf<M>>>;

/** What the page sees as `window.kiosk` (Electron) or gets from the web bridge (browser). */
export type KioskBridge = { readonly [M in KioskMethodName]: BridgeMethod<M> };

/** One line naming each offending field, e.g. "jobName: Too big: expected string to have <=80 characters". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'request'}: ${issue.message}`)
    .join('; ');
}
