import { z } from 'zod';
import { DIAGNOSTICS_FORMAT, DIAGNOSTICS_FORMAT_VERSION, diagnosticsInputSchema, MAX_ERRORS, MAX_LOG_LINES, MAX_TEXT_LENGTH, type DiagnosticsBundle } from './bundle';
import { emptyRedactionCounts, redactPersonalData, type RedactionCounts } from './redact';

/**
 * A bundle as the county receives it (POST from a kiosk, or a file a technician uploads). The kiosk
 * redacted it already; the receiver parses it strictly and redacts every free text again, so a kiosk
 * running an older, weaker rule set cannot put personal data into the county's database.
 */

// Redaction can lengthen a line slightly (placeholders); the cut marker adds a few characters.
const text = z.string().max(MAX_TEXT_LENGTH + 64);
const countsShape = Object.fromEntries(Object.keys(emptyRedactionCounts()).map((rule) => [rule, z.number().int().min(0)])) as Record<
  keyof RedactionCounts,
  z.ZodNumber
>;

export const receivedBundleSchema = z
  .object({
    format: z.literal(DIAGNOSTICS_FORMAT),
    formatVersion: z.literal(DIAGNOSTICS_FORMAT_VERSION),
    createdAt: diagnosticsInputSchema.shape.createdAt,
    versions: diagnosticsInputSchema.shape.versions.strict(),
    device: diagnosticsInputSchema.shape.device.strict(),
    sync: diagnosticsInputSchema.shape.sync.extend({ lastError: text.nullable() }).strict(),
    settings: z.record(z.string().max(100), z.union([text, z.number(), z.boolean(), z.null()])),
    logLines: z.array(text).max(MAX_LOG_LINES),
    errors: z.array(z.object({ at: diagnosticsInputSchema.shape.createdAt.nullable(), message: text, stack: text.nullable() }).strict()).max(MAX_ERRORS),
    omittedLogLines: z.number().int().min(0),
    omittedErrors: z.number().int().min(0),
    redactions: z.object(countsShape).strict(),
  })
  .strict();

export type ReceivedBundleResult = { ok: true; bundle: DiagnosticsBundle; redactedAgain: number } | { ok: false; problems: string[] };

export function parseReceivedBundle(input: unknown): ReceivedBundleResult {
  const parsed = receivedBundleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.slice(0, 20).map((issue) => `${issue.path.join('.') || '(bundle)'}: ${issue.message}`) };
  const bundle = parsed.data;
  const counts = emptyRedactionCounts();
  const scrub = (value: string): string => redactPersonalData(value, counts);
  const settings: DiagnosticsBundle['settings'] = {};
  for (const [key, value] of Object.entries(bundle.settings)) settings[scrub(key)] = typeof value === 'string' ? scrub(value) : value;
  const cleaned: DiagnosticsBundle = {
    ...bundle,
    versions: { ...bundle.versions, ...(bundle.versions.osRelease === undefined ? {} : { osRelease: scrub(bundle.versions.osRelease) }) },
    device: { ...bundle.device, deviceId: bundle.device.deviceId === null ? null : scrub(bundle.device.deviceId), countyUrl: bundle.device.countyUrl === null ? null : scrub(bundle.device.countyUrl) },
    sync: { ...bundle.sync, state: scrub(bundle.sync.state), lastError: bundle.sync.lastError === null ? null : scrub(bundle.sync.lastError) },
    settings,
    logLines: bundle.logLines.map(scrub),
    errors: bundle.errors.map((error) => ({ at: error.at, message: scrub(error.message), stack: error.stack === null ? null : scrub(error.stack) })),
  };
  const redactedAgain = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { ok: true, bundle: cleaned, redactedAgain };
}
