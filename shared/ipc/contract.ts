import { z } from 'zod';
import { MAX_FILE_BYTES, PRINT_JOB_NAME_MAX_LENGTH, type KioskMethodName } from './methods';
import type { IpcResult } from './result';
import {
  enrollDeviceRequestSchema,
  forgetEnrollmentRequestSchema,
  forgetEnrollmentResponseSchema,
  getSyncCredentialsRequestSchema,
  getSyncCredentialsResponseSchema,
  syncEnrollmentSchema,
} from './syncEnrollment';
import {
  diagnosticsRequestSchema,
  exportDiagnosticsResponseSchema,
  getUnattendedSettingsRequestSchema,
  saveUnattendedSettingsRequestSchema,
  sendDiagnosticsResponseSchema,
  unattendedSettingsResponseSchema,
} from './stationAdmin';

export * from './methods';
export * from './result';
export * from './syncEnrollment';
export * from './stationAdmin';

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

// --- printPage({ jobName, pageSize?, deviceName? }) ------------------------------------------------

/** A4 sheets, or 58 / 80 mm thermal receipt rolls. */
export const PRINT_PAGE_SIZES = ['A4', 'receipt58', 'receipt80'] as const;
export type PrintPageSize = (typeof PRINT_PAGE_SIZES)[number];

export const printPageRequestSchema = z.strictObject({
  // The job name shows in the print queue and as the default PDF file name; control characters
  // (newlines, tabs) would garble both.
  jobName: z
    .string()
    .min(1)
    .max(PRINT_JOB_NAME_MAX_LENGTH)
    .regex(/^[^\p{Cc}]+$/u, 'job name must not contain control characters'),
  pageSize: z.enum(PRINT_PAGE_SIZES).optional(),
  /** The configured printer (as listPrinters names it); absent or null: the system default, with the dialog. */
  deviceName: z.string().min(1).max(200).regex(/^[^\p{Cc}]+$/u).nullable().optional(),
});
export type PrintPageRequest = z.infer<typeof printPageRequestSchema>;

/** `printed` is false when the agent cancelled the print dialog. */
export const printPageResponseSchema = z.strictObject({ printed: z.boolean() });
export type PrintPageResponse = z.infer<typeof printPageResponseSchema>;

// --- setKioskMode({ enabled }) ---------------------------------------------------------------------

export const setKioskModeRequestSchema = z.strictObject({ enabled: z.boolean() });
export type SetKioskModeRequest = z.infer<typeof setKioskModeRequestSchema>;
/** Whether the window is in kiosk mode afterwards. */
export const setKioskModeResponseSchema = z.strictObject({ kioskMode: z.boolean() });

// --- listPrinters() -------------------------------------------------------------------------------

export const listPrintersRequestSchema = z.undefined();
export const printerSchema = z.strictObject({ name: z.string().min(1).max(200), isDefault: z.boolean() });
export const listPrintersResponseSchema = z.strictObject({ printers: z.array(printerSchema).max(100) });
export type PrinterEntry = z.infer<typeof printerSchema>;

// --- saveFile({ suggestedName, contentBase64, mimeType }) -----------------------------------------

/** base64 length of MAX_FILE_BYTES bytes. */
const MAX_BASE64_CHARS = Math.ceil(MAX_FILE_BYTES / 3) * 4;
const base64Schema = z.string().max(MAX_BASE64_CHARS, 'file is larger than 200 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const saveFileRequestSchema = z.strictObject({
  // A plain file name: the dialog picks the folder, so no path separators and nothing a file system refuses.
  suggestedName: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[^\\/:*?"<>|\p{Cc}]+$/u, 'not a plain file name')
    .refine((name) => !/^\.+$/.test(name), 'not a plain file name'),
  contentBase64: base64Schema,
  mimeType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'not a MIME type'),
});
export type SaveFileRequest = z.infer<typeof saveFileRequestSchema>;
/** false when the agent cancelled the dialog. */
export const saveFileResponseSchema = z.strictObject({ saved: z.boolean() });

// --- openFile({ extensions }) ---------------------------------------------------------------------

export const openFileRequestSchema = z.strictObject({
  extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/, 'an extension is letters and digits, without the dot')).min(1).max(10),
});
export type OpenFileRequest = z.infer<typeof openFileRequestSchema>;
/** null when the agent cancelled the dialog. */
export const openFileResponseSchema = z.strictObject({
  file: z.strictObject({ name: z.string().min(1).max(255), contentBase64: base64Schema }).nullable(),
});

// --- the contract ---------------------------------------------------------------------------------

interface MethodContract {
  request: z.ZodType;
  response: z.ZodType;
}

export const kioskContract = {
  getAppInfo: { request: getAppInfoRequestSchema, response: appInfoSchema },
  printPage: { request: printPageRequestSchema, response: printPageResponseSchema },
  setKioskMode: { request: setKioskModeRequestSchema, response: setKioskModeResponseSchema },
  listPrinters: { request: listPrintersRequestSchema, response: listPrintersResponseSchema },
  saveFile: { request: saveFileRequestSchema, response: saveFileResponseSchema },
  openFile: { request: openFileRequestSchema, response: openFileResponseSchema },
  // County enrollment (sync): the schemas live in ./syncEnrollment.
  enrollDevice: { request: enrollDeviceRequestSchema, response: syncEnrollmentSchema },
  getSyncCredentials: { request: getSyncCredentialsRequestSchema, response: getSyncCredentialsResponseSchema },
  forgetEnrollment: { request: forgetEnrollmentRequestSchema, response: forgetEnrollmentResponseSchema },
  // Station maintenance (unattended settings, diagnostics): the schemas live in ./stationAdmin.
  getUnattendedSettings: { request: getUnattendedSettingsRequestSchema, response: unattendedSettingsResponseSchema },
  saveUnattendedSettings: { request: saveUnattendedSettingsRequestSchema, response: unattendedSettingsResponseSchema },
  exportDiagnostics: { request: diagnosticsRequestSchema, response: exportDiagnosticsResponseSchema },
  sendDiagnostics: { request: diagnosticsRequestSchema, response: sendDiagnosticsResponseSchema },
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
