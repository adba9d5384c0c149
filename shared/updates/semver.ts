import { z } from 'zod';

/**
 * Semantic versions (semver.org 2.0) as the kiosk's package.json carries them. Updates are ordered
 * by version, never by a date: a county may publish a fix to an older line after a newer release.
 */

const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Short enough for a header and a database column; real versions are far shorter. */
export const SEMVER_MAX_LENGTH = 64;

export const semverSchema = z.string().max(SEMVER_MAX_LENGTH).regex(SEMVER_PATTERN, 'not a semantic version (like 1.4.2)');

export interface ParsedSemver {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers; empty for a release. */
  prerelease: string[];
}

/** null when the text is not a semantic version (or a part is beyond the safe integer range). */
export function parseSemver(text: string): ParsedSemver | null {
  if (text.length > SEMVER_MAX_LENGTH) return null;
  const match = SEMVER_PATTERN.exec(text);
  if (match === null) return null;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, prerelease: match[4] === undefined ? [] : match[4].split('.') };
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  // Numeric identifiers compare as numbers and rank below alphanumeric ones (semver §11.4).
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric) return -1;
  if (bNumeric) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string[], b: string[]): number {
  // A release ranks above any of its pre-releases: 1.0.0-rc.1 < 1.0.0.
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** -1, 0 or 1. Build metadata (+…) is ignored, as semver says. Throws on a non-version (parse inputs first). */
export function compareSemver(a: string, b: string): -1 | 0 | 1 {
  const left = parseSemver(a);
  const right = parseSemver(b);
  if (left === null || right === null) throw new RangeError(`not a semantic version: ${left === null ? a : b}`);
  const order =
    Math.sign(left.major - right.major) ||
    Math.sign(left.minor - right.minor) ||
    Math.sign(left.patch - right.patch) ||
    comparePrerelease(left.prerelease, right.prerelease);
  return order as -1 | 0 | 1;
}

export function isNewerVersion(candidate: string, current: string): boolean {
  return compareSemver(candidate, current) > 0;
}
