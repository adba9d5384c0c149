import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_AGENTS_FILE } from '../../../shared/agents/demoAgents';
import { DEMO_FILES } from '../../../shared/demo/manifest';
import { choiceFlag, integerFlag, parseDemoDataArgs, parseFlags, UsageError } from '../../../scripts/lib/args';

const REQUIRED = ['--households', '50', '--years', '3', '--seed', '9', '--out', '/tmp/x'];

function usageMessage(argv: string[]): string {
  try {
    parseDemoDataArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('parseDemoDataArgs', () => {
  it('reads the required flags and fills in the defaults', () => {
    expect(parseDemoDataArgs(REQUIRED)).toEqual({
      households: 50, years: 3, seed: 9, outDir: '/tmp/x', townships: 3, scope: 'village', lastYear: 2025,
    });
    expect(parseDemoDataArgs([...REQUIRED, '--townships=1', '--scope', 'township', '--last-year', '2030'])).toMatchObject({
      townships: 1, scope: 'township', lastYear: 2030,
    });
  });

  it('names what is missing or wrong', () => {
    expect(usageMessage(['--years', '3', '--seed', '1', '--out', 'd'])).toBe('--households is required');
    expect(usageMessage(REQUIRED.filter((_, i) => i < 6))).toBe('--out is required');
    expect(usageMessage([...REQUIRED.slice(0, 2), '--years', 'ten', ...REQUIRED.slice(4)])).toBe('--years must be a whole number, got "ten"');
    expect(usageMessage(['--households', '-5', ...REQUIRED.slice(2)])).toMatch(/households/);
    expect(usageMessage(['--households', '2.5', ...REQUIRED.slice(2)])).toMatch(/whole number/);
    expect(usageMessage(['--households', '0', ...REQUIRED.slice(2)])).toMatch(/between 1 and/);
    expect(usageMessage(['--households', '999999999', ...REQUIRED.slice(2)])).toMatch(/between 1 and/);
    expect(usageMessage([...REQUIRED, '--scope', 'county'])).toBe('--scope must be one of village, township, got "county"');
    expect(usageMessage([...REQUIRED, '--townships', '99'])).toMatch(/--townships must be between 1 and 20/);
    expect(usageMessage([...REQUIRED, '--last-year', '1999'])).toMatch(/--last-year must be between 2000/);
    expect(usageMessage([...REQUIRED.slice(0, 2), '--years', '30', ...REQUIRED.slice(4), '--last-year', '2020'])).toMatch(/before 2000/);
    expect(usageMessage([...REQUIRED, '--colour', 'red'])).toMatch(/Unknown option '--colour'/);
    expect(usageMessage([...REQUIRED, 'extra'])).toMatch(/Unexpected argument 'extra'/);
    expect(usageMessage(['--households', ...REQUIRED.slice(2)])).toMatch(/households/);
    expect(usageMessage([...REQUIRED.slice(0, 6), '--out', ' '])).toBe('--out must not be empty');
  });
});

describe('flag helpers', () => {
  it('parse and range-check values', () => {
    const values = parseFlags(['--n', '7', '--mode=b'], ['n', 'mode', 'absent']);
    expect(integerFlag(values, 'n', { min: 1, max: 9 })).toBe(7);
    expect(integerFlag(values, 'absent', { min: 1, max: 9, fallback: 4 })).toBe(4);
    expect(() => integerFlag(values, 'n', { min: 8, max: 9 })).toThrow(UsageError);
    expect(choiceFlag(values, 'mode', ['a', 'b'] as const, 'a')).toBe('b');
    expect(choiceFlag(values, 'absent', ['a', 'b'] as const, 'a')).toBe('a');
  });
});

describe('npm run demo-data', () => {
  const repoRoot = resolve(__dirname, '../../..');
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  const run = (args: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(tsx, ['scripts/demo-data.ts', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

  it('exits with code 2 and a usage line on bad arguments', () => {
    const result = run(['--households', 'many', '--years', '3', '--seed', '1', '--out', '/tmp/never-written']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--households must be a whole number');
    expect(result.stderr).toContain('usage: npm run demo-data');
    expect(result.stdout).toBe('');
  }, 60_000);

  it('writes the set and prints a summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-cli-'));
    try {
      const result = run(['--households', '30', '--years', '2', '--seed', '4', '--out', dir]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/wrote 9 files \(with the demo agents\) to .* in \d+\.\d s/);
      expect(result.stdout).toMatch(/[\d,]+ disbursement rows \(30 households, 2024–2025, \d+\.\d\d rows per household per year\)/);
      expect(readdirSync(dir).sort()).toEqual([...Object.values(DEMO_FILES), DEMO_AGENTS_FILE].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
