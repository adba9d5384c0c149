import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { csv, FINANCE_HEADER, financeLine, fundTablesDigest, seedFundCounty } from './fundsSupport';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'server/src/cli.ts');
/** Each test starts the CLI (tsx) two or three times: seconds each on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

describe.each(TEST_DATABASE_KINDS)('county import-funds (%s)', (kind) => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'import-funds-'));
    const handle = database.open();
    await migrateToLatest(handle);
    await seedFundCounty(handle.db);
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function county(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(TSX, [CLI, ...args, ...database.cliArgs], { cwd: ROOT, env: { ...process.env, ...database.cliEnv, LOG_LEVEL: 'silent' } });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  function file(name: string, bytes: string | Uint8Array): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  const digest = async (): Promise<string> => fundTablesDigest(database.open().db);

  it('--dry-run prints the summary and writes nothing; without it the list is published', async () => {
    const list = file('list.csv', iconv.encode(csv('花名册', FINANCE_HEADER, financeLine(1), financeLine(2, { householdNo: '010004' })), 'gbk'));
    const before = await digest();
    const dry = await county('import-funds', list, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('format: csv (gb18030); title rows skipped: 1');
    expect(dry.stdout).toContain('rows: 2, good: 2, bad: 0');
    expect(dry.stdout).toContain('program GDLB-2024 耕地地力保护补贴 (2024): 2 rows, due 1,615.00 元, paid 1,615.00 元');
    expect(dry.stdout).toContain('dry run: nothing was written');
    expect(await digest()).toBe(before);

    const real = await county('import-funds', list, '--json');
    expect(real.status, real.stderr).toBe(0);
    const summary = JSON.parse(real.stdout) as { goodRows: number; publication: { published: number; removed: number } };
    expect(summary.goodRows).toBe(2);
    expect(summary.publication).toMatchObject({ published: 2, removed: 0 });
    expect(await digest()).not.toBe(before);
  }, CLI_TEST_TIMEOUT_MS);

  it('exits non-zero, lists bad rows with lines, and changes nothing', async () => {
    const list = file('bad.csv', csv(FINANCE_HEADER, financeLine(1), financeLine(2, { amount: '-3' }), financeLine(3, { village: '幸福村' })));
    const before = await digest();
    const result = await county('import-funds', list);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('bad row, line 3: 补贴金额（元） "-3" is negative');
    expect(result.stdout).toContain('bad row, line 4: unknown village "城关镇 幸福村"');
    expect(result.stderr).toContain('2 bad rows; nothing was imported');
    expect(await digest()).toBe(before);
  }, CLI_TEST_TIMEOUT_MS);

  it('refuses an unreadable file and a bad --program', async () => {
    const pdf = file('x.pdf', '%PDF-1.4 ...');
    const result = await county('import-funds', pdf);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PDF document/);
    expect((await county('import-funds', pdf, '--program', 'nope')).status).toBe(2);
    expect((await county('import-funds', file('y.csv', csv(FINANCE_HEADER, financeLine(1))), '--program', 'ZZZZ-2024')).stderr).toMatch(/program ZZZZ-2024 does not exist/);
  }, CLI_TEST_TIMEOUT_MS);
});
