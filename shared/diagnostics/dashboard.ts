import { z } from 'zod';

/** The county dashboard's view of the diagnostics bundles a device sent (server/src/dashboard/routes/diagnostics.ts). */
export const diagnosticsSummarySchema = z.strictObject({
  id: z.string(),
  deviceId: z.string(),
  /** Server time of arrival: the list's order. */
  receivedAt: z.string(),
  /** The kiosk's clock when it built the bundle: shown, never used for ordering. */
  createdAt: z.string(),
  appVersion: z.string(),
  size: z.number().int().min(0),
});
export type DiagnosticsSummary = z.infer<typeof diagnosticsSummarySchema>;

export const diagnosticsListResponseSchema = z.strictObject({ diagnostics: z.array(diagnosticsSummarySchema) });
export type DiagnosticsListResponse = z.infer<typeof diagnosticsListResponseSchema>;
