import { z } from 'zod';
import { apiErrorSchema } from '../sync/protocol';
import { unattendedSettingsSchema } from '../unattended/settings';

/**
 * The station administrator's maintenance calls over the bridge: the unattended settings (opening
 * hours, touch mode) and the diagnostics bundle, exported to a folder (a USB stick) or sent to the
 * enrolled county. The sync state lives in the page (the sync worker), so the page reports it with
 * the request; main parses it like any other input crossing the boundary.
 */

// --- getUnattendedSettings() / saveUnattendedSettings(settings) -----------------------------------

export const getUnattendedSettingsRequestSchema = z.undefined();
export const unattendedSettingsResponseSchema = z.strictObject({
  settings: unattendedSettingsSchema,
  /** Whether this runtime controls the display's power (Electron); in a browser the hours are only kept. */
  controlsDisplayPower: z.boolean(),
});
export type UnattendedSettingsResponse = z.infer<typeof unattendedSettingsResponseSchema>;

export const saveUnattendedSettingsRequestSchema = unattendedSettingsSchema;

// --- exportDiagnostics({ sync }) / sendDiagnostics({ sync }) ---------------------------------------

/** The sync state as the page reports it for the bundle. */
export const reportedSyncStateSchema = z.strictObject({
  state: z.string().max(200),
  lastSuccessAt: z.string().datetime({ offset: true }).nullable(),
  lastAttemptAt: z.string().datetime({ offset: true }).nullable(),
  lastError: z.string().max(4000).nullable(),
  pendingUploads: z.number().int().min(0).nullable(),
});
export type ReportedSyncState = z.infer<typeof reportedSyncStateSchema>;

export const diagnosticsRequestSchema = z.strictObject({ sync: reportedSyncStateSchema });
export type DiagnosticsRequest = z.infer<typeof diagnosticsRequestSchema>;

/** exported: false when the administrator cancelled the folder dialog. */
export const exportDiagnosticsResponseSchema = z.strictObject({
  exported: z.boolean(),
  /** The file written (name only: the folder is the administrator's own choice). */
  fileName: z.string().min(1).max(255).nullable(),
  /** How many pieces of personal data the redaction removed, shown so the administrator can trust the file. */
  redactions: z.number().int().min(0),
});
export type ExportDiagnosticsResponse = z.infer<typeof exportDiagnosticsResponseSchema>;

export const sendDiagnosticsResponseSchema = z.strictObject({
  /** The county's id for the stored bundle (what the dashboard lists). */
  id: z.string().min(1).max(64),
  redactions: z.number().int().min(0),
});
export type SendDiagnosticsResponse = z.infer<typeof sendDiagnosticsResponseSchema>;

/** Error codes the administrator's screen explains (beside the generic IPC ones). */
export const DIAGNOSTICS_ERROR_CODES = {
  /** Sending needs an enrolled kiosk: the county files the bundle under the device. */
  notEnrolled: 'DIAGNOSTICS_NOT_ENROLLED',
  /** The county could not be reached (offline, timeout). */
  offline: 'DIAGNOSTICS_OFFLINE',
  /** The county answered with a refusal (revoked device, bad bundle); the message carries its words. */
  refused: 'DIAGNOSTICS_REFUSED',
} as const;

/** What `redactions` counts: the sum over every rule of the bundle's redaction counts. */
export function totalRedactions(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

const countyCreatedSchema = z.object({ id: z.string().min(1).max(64) });

/**
 * The county's answer to a sent bundle: the stored bundle's id, or a refusal in the county's own
 * words (its error code and message, on one line). Shared by main and the web bridge.
 */
export function diagnosticsSendOutcome(countyUrl: string, answer: { status: number; body: unknown }): { ok: true; id: string } | { ok: false; message: string } {
  if (answer.status >= 200 && answer.status < 300) {
    const created = countyCreatedSchema.safeParse(answer.body);
    return created.success ? { ok: true, id: created.data.id } : { ok: false, message: `${countyUrl} answered ${answer.status}, but not as a county server does` };
  }
  const error = apiErrorSchema.safeParse(answer.body);
  const detail = error.success ? `${error.data.error.code}: ${error.data.error.message}` : `${countyUrl} answered ${answer.status}`;
  return { ok: false, message: detail.replace(/\s+/g, ' ').slice(0, 300) };
}
