import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Runs Electronegativity (Doyensec's Electron security linter) over a folder, a file or an
 * app.asar and compares its findings with the reviewed allowlist build/electronegativity-allowlist.json.
 * The scan runs in a child process: the tool installs globals (its i18n `__`) and logs through
 * winston, neither of which belongs in the test runner.
 */

const require = createRequire(__filename);

export interface ElectronegativityFinding {
  /** The check's id, e.g. CONTEXT_ISOLATION_JS_CHECK. */
  check: string;
  /** Where it was found, as the allowlist names it (see scanWithElectronegativity's `label`). */
  file: string;
  line: number;
  severity: string;
  confidence: string;
  description: string;
}

const rawIssueSchema = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }).optional(),
  severity: z.object({ name: z.string() }),
  confidence: z.object({ name: z.string() }),
  description: z.string().optional(),
});
const rawResultSchema = z.object({
  issues: z.array(rawIssueSchema),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
});

/**
 * Checks left out of every scan. AvailableSecurityFixesGlobalCheck downloads Electron's release list
 * from GitHub: offline it reports nothing, online its answer changes with each Electron release,
 * so it cannot gate a test. Keeping Electron current is the job of the dependency updates.
 */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'] as const;

// Writes the result to a file: the tool prints its own warnings on stdout.
const SCAN_SCRIPT = `
const [input, out, electronVersion] = process.argv.slice(1);
const run = require(${JSON.stringify(require.resolve('@doyensec/electronegativity'))});
run({ input, isRelative: true, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: ${JSON.stringify(EXCLUDED_CHECKS)} })
  .then((result) => {
    const issues = result.issues.map((i) => ({ id: i.id, file: i.file, location: i.location, severity: { name: i.severity.name },
      confidence: { name: i.confidence.name }, description: i.description }));
    require('node:fs').writeFileSync(out, JSON.stringify({ issues, errors: result.errors }));
  })
  .catch((error) => { console.error(error && error.stack || error); process.exit(1); });
`;

export interface ScanResult {
  findings: ElectronegativityFinding[];
  /** Files the tool could not parse: a scan that silently skipped files would prove nothing. */
  parseErrors: Array<{ file: string; message: string }>;
}

/**
 * Scans `input`; each finding's file is `label` + the path relative to input (e.g. label
 * "electron/" gives "electron/main.ts", label "app.asar:" gives "app.asar:dist/electron/main.cjs").
 */
export async function scanWithElectronegativity(input: string, label: string): Promise<ScanResult> {
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-electronegativity-'));
  try {
    const out = join(dir, 'result.json');
    const child = spawn(process.execPath, ['-e', SCAN_SCRIPT, input, out, electronVersion], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolveExit, rejectExit) => {
      child.once('error', rejectExit);
      child.once('close', resolveExit);
    });
    if (code !== 0) throw new Error(`electronegativity failed on ${input} (exit ${code ?? 'signal'}):\n${output.trim()}`);
    const result = rawResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    // Vite names chunks with a content hash; the allowlist names them without it, or every build would be "new".
    const normalise = (file: string): string =>
      label + file.replaceAll('\\', '/').replace(/^\/+/, '').replace(/-[A-Za-z0-9_-]{8}(\.[a-z0-9]+)$/, '-[hash]$1');
    return {
      findings: result.issues
        .map((issue) => ({
          check: issue.id,
          file: normalise(issue.file),
          line: issue.location?.line ?? 0,
          severity: issue.severity.name,
          confidence: issue.confidence.name,
          description: issue.description ?? '',
        }))
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.check.localeCompare(b.check)),
      parseErrors: result.errors.filter((error) => !error.tolerable).map((error) => ({ file: normalise(error.file), message: error.message })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Scans what an app.asar ships. Electronegativity reads .js/.ts/.html only, so main.cjs and
 * preload.cjs would be skipped silently if the archive were scanned as it is: it is extracted and
 * each .cjs scanned as .cjs.js, reported under its real name.
 */
export async function scanAsar(archive: string, label: string): Promise<ScanResult> {
  const asar = require('@electron/asar') as { extractAll(archive: string, dest: string): void };
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-asar-scan-'));
  try {
    asar.extractAll(archive, dir);
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.cjs')) renameSync(join(entry.parentPath, entry.name), join(entry.parentPath, `${entry.name}.js`));
    }
    const result = await scanWithElectronegativity(dir, label);
    const realName = (file: string): string => file.replace(/\.cjs\.js$/, '.cjs');
    return {
      findings: result.findings.map((finding) => ({ ...finding, file: realName(finding.file) })),
      parseErrors: result.parseErrors.map((error) => ({ ...error, file: realName(error.file) })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const allowlistEntrySchema = z
  .object({
    check: z.string().regex(/^[A-Z0-9_]+$/, 'an Electronegativity check id'),
    file: z.string().min(1),
    // A reviewed entry says why the finding is acceptable; a placeholder is not a review.
    reason: z.string().min(40, 'the reason explains the review (40 characters at least)'),
    // How many findings of this check the file may have: one more is a new finding to review.
    occurrences: z.number().int().positive().default(1),
  })
  .strict();
export const allowlistSchema = z.array(allowlistEntrySchema);
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>;

export function loadAllowlist(path: string): AllowlistEntry[] {
  return allowlistSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const keyOf = (entry: { check: string; file: string }): string => `${entry.check} @ ${entry.file}`;

/**
 * Findings beyond what the allowlist covers (an entry covers `occurrences` findings of its check in
 * its file), and entries within `scope` (a file filter) that cover more than is found: a stale
 * entry would silently allow the next real finding of that kind.
 */
export function compareWithAllowlist(
  findings: readonly ElectronegativityFinding[],
  allowlist: readonly AllowlistEntry[],
  scope: (file: string) => boolean,
): { unreviewed: string[]; stale: string[] } {
  const allowed = new Map(allowlist.map((entry) => [keyOf(entry), entry.occurrences]));
  const found = new Map<string, ElectronegativityFinding[]>();
  for (const finding of findings) found.set(keyOf(finding), [...(found.get(keyOf(finding)) ?? []), finding]);
  const unreviewed: string[] = [];
  for (const [key, group] of found) {
    const limit = allowed.get(key) ?? 0;
    if (group.length > limit) {
      unreviewed.push(...group.map((f) => `${key}:${f.line} (${f.severity}/${f.confidence}) ${f.description} [${group.length} found, ${limit} allowed]`));
    }
  }
  const stale = allowlist
    .filter((entry) => scope(entry.file) && (found.get(keyOf(entry))?.length ?? 0) < entry.occurrences)
    .map((entry) => `${keyOf(entry)} (allows ${entry.occurrences}, found ${found.get(keyOf(entry))?.length ?? 0})`);
  return { unreviewed, stale };
}
