import { parseArgs } from 'node:util';

/** Command line of `npm run preview:web`. */
export interface PreviewWebArgs {
  port: number;
  demoDir: string;
  /** Households to generate when the demo folder has no data yet. */
  households: number;
}

export const PREVIEW_WEB_DEFAULTS = {
  port: 4173,
  demoDir: '.demo-data/default',
  households: 400,
} as const;

export const PREVIEW_WEB_USAGE = 'usage: npm run preview:web -- [--port P (0-65535, default 4173)] [--demo DIR] [--households N]';

export class UsageError extends Error {}

/** Parses argv (without node and script); throws UsageError with a message a person can act on. */
export function parsePreviewWebArgs(argv: readonly string[]): PreviewWebArgs {
  let values: { port?: string; demo?: string; households?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, demo: { type: 'string' }, households: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    port: values.port === undefined ? PREVIEW_WEB_DEFAULTS.port : wholeNumber('--port', values.port, 0, 65_535),
    demoDir: values.demo === undefined ? PREVIEW_WEB_DEFAULTS.demoDir : nonEmpty('--demo', values.demo),
    households:
      values.households === undefined ? PREVIEW_WEB_DEFAULTS.households : wholeNumber('--households', values.households, 1, 10_000_000),
  };
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number, got "${text}"`);
  const value = Number(text.trim());
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function nonEmpty(flag: string, text: string): string {
  if (text.trim() === '') throw new UsageError(`${flag} needs a folder`);
  return text;
}
