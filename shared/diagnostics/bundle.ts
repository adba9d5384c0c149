import { z } from 'zod';
import { emptyRedactionCounts, redactPersonalData, type RedactionCounts } from './redact';

/**
 * The diagnostics bundle an administrator exports to a USB stick (or sends to the county) when a
 * kiosk misbehaves: versions, enrollment and sync state, recent log lines and errors. Every free
 * text goes through redactPersonalData; structured fields are limited to what the schema names
 * (unknown fields, such as a sync token passed by mistake, are dropped by the parse).
 */

export const DIAGNOSTICS_FORMAT = 'village-kiosk-diagnostics';
export const DIAGNOSTICS_FORMAT_VERSION = 1;
/** Enough history to see what led up to a fault while keeping the file small enough to mail. */
export const MAX_LOG_LINES = 2000;
export const MAX_ERRORS = 200;
/** A minified stack or a dumped payload in one line must not swell the bundle. */
export const MAX_TEXT_LENGTH = 2000;

const shortText = z.string().max(200);
const isoDateTime = z.string().datetime({ offset: true });

export const diagnosticsInputSchema = z.object({
  createdAt: isoDateTime,
  versions: z.object({
    app: shortText,
    electron: shortText.optional(),
    chrome: shortText.optional(),
    node: shortText.optional(),
    platform: shortText,
    arch: shortText.optional(),
    osRelease: shortText.optional(),
  }),
  device: z.object({
    enrolled: z.boolean(),
    deviceId: shortText.nullable(),
    villageCode: z.string().regex(/^\d{12}$/).nullable(),
    stationNo: z.number().int().min(0).max(9).nullable(),
    countyUrl: shortText.nullable(),
  }),
  sync: z.object({
    state: shortText,
    lastSuccessAt: isoDateTime.nullable(),
    lastAttemptAt: isoDateTime.nullable(),
    lastError: z.string().nullable(),
    pendingUploads: z.number().int().min(0).nullable(),
  }),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  logLines: z.array(z.string()),
  errors: z.array(z.object({ at: isoDateTime.nullable(), message: z.string(), stack: z.string().nullable() })),
});

export type DiagnosticsInput = z.input<typeof diagnosticsInputSchema>;

export interface DiagnosticsBundle {
  format: typeof DIAGNOSTICS_FORMAT;
  formatVersion: typeof DIAGNOSTICS_FORMAT_VERSION;
  createdAt: string;
  versions: z.infer<typeof diagnosticsInputSchema>['versions'];
  device: z.infer<typeof diagnosticsInputSchema>['device'];
  sync: z.infer<typeof diagnosticsInputSchema>['sync'];
  settings: Record<string, string | number | boolean | null>;
  logLines: string[];
  errors: { at: string | null; message: string; stack: string | null }[];
  /** How many lines were left out (older than the last MAX_LOG_LINES) and what redaction removed. */
  omittedLogLines: number;
  omittedErrors: number;
  redactions: RedactionCounts;
}

const clip = (text: string): string => (text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH)}…[cut]` : text);

/** Throws a ZodError when the input does not match the schema (a programming error in main). */
export function buildDiagnosticsBundle(input: unknown): DiagnosticsBundle {
  const parsed = diagnosticsInputSchema.parse(input);
  const counts = emptyRedactionCounts();
  // Redact before clipping so a cut never splits an ID number into pieces the rules miss.
  const scrub = (text: string): string => clip(redactPersonalData(text, counts));
  const scrubOrNull = (text: string | null): string | null => (text === null ? null : scrub(text));
  const logLines = parsed.logLines.slice(-MAX_LOG_LINES);
  const errors = parsed.errors.slice(-MAX_ERRORS);
  const settings: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(parsed.settings ?? {})) settings[scrub(key)] = typeof value === 'string' ? scrub(value) : value;
  return {
    format: DIAGNOSTICS_FORMAT,
    formatVersion: DIAGNOSTICS_FORMAT_VERSION,
    createdAt: parsed.createdAt,
    versions: {
      ...parsed.versions,
      // os.release() on a hand-configured PC can carry the host name the station gave it.
      ...(parsed.versions.osRelease === undefined ? {} : { osRelease: scrub(parsed.versions.osRelease) }),
    },
    device: { ...parsed.device, countyUrl: scrubOrNull(parsed.device.countyUrl), deviceId: scrubOrNull(parsed.device.deviceId) },
    sync: { ...parsed.sync, state: scrub(parsed.sync.state), lastError: scrubOrNull(parsed.sync.lastError) },
    settings,
    logLines: logLines.map(scrub),
    errors: errors.map((error) => ({ at: error.at, message: scrub(error.message), stack: scrubOrNull(error.stack) })),
    omittedLogLines: parsed.logLines.length - logLines.length,
    omittedErrors: parsed.errors.length - errors.length,
    redactions: counts,
  };
}

/** The bundle's device fields from the kiosk's enrollment (null: not enrolled). */
export function diagnosticsDeviceOf(
  enrollment: { deviceId: string; villageCode: string; stationNo: number; countyUrl: string } | null,
): DiagnosticsInput['device'] {
  return {
    enrolled: enrollment !== null,
    deviceId: enrollment?.deviceId ?? null,
    villageCode: enrollment?.villageCode ?? null,
    stationNo: enrollment?.stationNo ?? null,
    countyUrl: enrollment?.countyUrl ?? null,
  };
}

/** The file written to the USB stick / sent to the county: pretty JSON, readable in Notepad. */
export function diagnosticsBundleJson(bundle: DiagnosticsBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** diagnostics-<device>-20261127T224501Z.json: sortable, and safe on FAT32 sticks (no colons). */
export function diagnosticsFileName(bundle: Pick<DiagnosticsBundle, 'createdAt' | 'device'>): string {
  const stamp = new Date(bundle.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const device = (bundle.device.deviceId ?? 'unenrolled').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'device';
  return `diagnostics-${device}-${stamp}.json`;
}
