import { parseArgs } from 'node:util';
import {
  DEFAULT_LAST_YEAR,
  DEFAULT_TOWNSHIPS,
  MAX_DEMO_HOUSEHOLDS,
  MAX_TOWNSHIPS,
  MAX_YEAR,
  MAX_YEARS,
  MIN_YEAR,
  validateDemoOptions,
} from '../../shared/demo/generator/index';
import type { WriteDemoDataOptions } from './writeDemoData';

/** A command line a person got wrong: the message says what to change. Exit code 2. */
export class UsageError extends Error {}

export const DEMO_DATA_USAGE =
  'usage: npm run demo-data -- --households N --years Y --seed S --out DIR ' +
  '[--townships T] [--scope village|township] [--last-year YYYY]';

type Values = Record<string, string | undefined>;

/** Parses `--name value` / `--name=value` flags, all as text; unknown flags and stray words are errors. */
export function parseFlags(argv: readonly string[], names: readonly string[]): Values {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
    return values as Values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error));
  }
}

export function integerFlag(values: Values, name: string, range: { min: number; max: number; fallback?: number }): number {
  const text = values[name];
  if (text === undefined) {
    if (range.fallback !== undefined) return range.fallback;
    throw new UsageError(`--${name} is required`);
  }
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  const value = Number(text.trim());
  if (value < range.min || value > range.max) throw new UsageError(`--${name} must be between ${range.min} and ${range.max}, got ${value}`);
  return value;
}

export function choiceFlag<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const text = values[name];
  if (text === undefined) return fallback;
  const match = choices.find((c) => c === text.trim());
  if (!match) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return match;
}

export function textFlag(values: Values, name: string): string {
  const text = values[name];
  if (text === undefined) throw new UsageError(`--${name} is required`);
  if (text.trim() === '') throw new UsageError(`--${name} must not be empty`);
  return text;
}

/** The command line of `npm run demo-data`, checked as a whole (e.g. years that would start before 2000). */
export function parseDemoDataArgs(argv: readonly string[]): WriteDemoDataOptions {
  const values = parseFlags(argv, ['households', 'years', 'seed', 'out', 'townships', 'scope', 'last-year']);
  const options: WriteDemoDataOptions = {
    households: integerFlag(values, 'households', { min: 1, max: MAX_DEMO_HOUSEHOLDS }),
    years: integerFlag(values, 'years', { min: 1, max: MAX_YEARS }),
    seed: integerFlag(values, 'seed', { min: 0, max: 0xffffffff }),
    outDir: textFlag(values, 'out'),
    townships: integerFlag(values, 'townships', { min: 1, max: MAX_TOWNSHIPS, fallback: DEFAULT_TOWNSHIPS }),
    scope: choiceFlag(values, 'scope', ['village', 'township'] as const, 'village'),
    lastYear: integerFlag(values, 'last-year', { min: MIN_YEAR, max: MAX_YEAR, fallback: DEFAULT_LAST_YEAR }),
  };
  try {
    validateDemoOptions(options);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return options;
}
