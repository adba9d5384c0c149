/** A diagnostics bundle a kiosk sent (routes/diagnostics.ts), already re-redacted by the server. */
export interface DeviceDiagnosticsTable {
  /** uuidv7: sorts by arrival. */
  id: string;
  device_id: string;
  /** The server's clock: the order the dashboard lists them in (never the kiosk's clock). */
  received_at: string;
  /** The kiosk's own timestamp in the bundle, shown only. */
  created_at: string;
  app_version: string;
  /** The bundle as canonical JSON (shared/diagnostics/receivedBundle.ts). */
  body: string;
  /** Characters of body, for the list without reading the body. */
  size: number;
}

export interface DiagnosticsTables {
  device_diagnostics: DeviceDiagnosticsTable;
}
