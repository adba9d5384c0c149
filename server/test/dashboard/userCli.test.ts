import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import { findStaffCredentials } from '../../src/repositories/staffUsers';
import { logIn } from '../../src/services/staffLogin';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';

const ROOT = resolve(__dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'server/src/cli.ts');
const TTY_PROMPT = resolve(__dirname, 'ttyPrompt.py');
/** The terminal prompt is driven through a Python pty; skipped where there is no python3. */
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe.each(TEST_DATABASE_KINDS)('county CLI: dashboard users (%s)', (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await migrateToLatest(database.open());
  });
  afterEach(async () => {
    await database.drop();
  });

  /** Runs the CLI with `stdin` piped in (so not a terminal: the password is its first line). */
  function county(args: string[], stdin = '', terminalAnswers?: string[]): Promise<Ran> {
    return new Promise((done, fail) => {
      const command = terminalAnswers === undefined ? [TSX, CLI] : ['python3', TTY_PROMPT, ...terminalAnswers, '--', TSX, CLI];
      const [program = '', ...rest] = command;
      const child = spawn(program, [...rest, ...args, ...database.cliArgs], { cwd: ROOT, env: { ...process.env, ...database.cliEnv, LOG_LEVEL: 'silent' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', fail);
      child.on('close', (status) => done({ status, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  const canSignIn = async (name: string, password: string) => (await logIn(database.open().db, { name, password }, new Date())).ok;

  it('adds, lists, resets and disables accounts', { timeout: 240_000 }, async () => {
    const added = await county(['user', 'add', '--name', '张主任', '--role', 'admin'], 'first secret pw\nignored line\n');
    expect(added).toMatchObject({ status: 0, stderr: '' });
    expect(added.stdout).toContain('added admin 张主任');
    const stored = await findStaffCredentials(database.open().db, '张主任');
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored?.passwordHash).not.toContain('first secret pw');
    expect(await canSignIn('张主任', 'first secret pw')).toBe(true);

    expect(await county(['user', 'add', '--name', 'viewer1', '--role', 'viewer', '--json'], 'viewer secret')).toMatchObject({ status: 0 });

    const listed = await county(['user', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'viewer1', role: 'viewer', disabledAt: null }),
      expect.objectContaining({ name: '张主任', role: 'admin', disabledAt: null }),
    ]);
    expect(listed.stdout).not.toMatch(/scrypt|password/i);

    // Lock the account, then a reset lifts the lock and replaces the password.
    for (let i = 0; i < 5; i++) await logIn(database.open().db, { name: '张主任', password: 'wrong wrong' }, new Date());
    expect((await county(['user', 'list'])).stdout).toMatch(/张主任\s+admin\s+locked until/);
    const reset = await county(['user', 'password', '--name', '张主任'], 'second secret pw\n');
    expect(reset).toMatchObject({ status: 0, stderr: '' });
    expect(await canSignIn('张主任', 'second secret pw')).toBe(true);
    expect(await canSignIn('张主任', 'first secret pw')).toBe(false);

    const disabled = await county(['user', 'disable', 'viewer1']);
    expect(disabled).toMatchObject({ status: 0, stderr: '' });
    expect(await canSignIn('viewer1', 'viewer secret')).toBe(false);
    expect((await county(['user', 'list'])).stdout).toMatch(/viewer1\s+viewer\s+disabled 20/);
  });

  it('refuses bad input with a clear message and a non-zero exit, changing nothing', { timeout: 240_000 }, async () => {
    expect(await county(['user', 'add', '--name', '甲', '--role', 'clerk'], 'long enough pw')).toMatchObject({ status: 0 });
    const cases: Array<[string[], string, number, RegExp]> = [
      [['user', 'add', '--name', '乙', '--role', 'clerk'], 'short', 1, /10 to 200 characters/],
      [['user', 'add', '--name', '乙', '--role', 'clerk'], '', 1, /no password on standard input/],
      [['user', 'add', '--name', '乙', '--role', 'boss'], 'long enough pw', 2, /--role must be one of viewer, clerk, admin/],
      [['user', 'add', '--role', 'clerk'], 'long enough pw', 2, /--name is required/],
      [['user', 'add', '--name', '甲', '--role', 'admin'], 'long enough pw', 1, /already exists/],
      [['user', 'password', '--name', '丙'], 'long enough pw', 1, /no staff user named 丙/],
      [['user', 'disable', '丙'], '', 1, /no staff user named 丙/],
      [['user', 'disable'], '', 2, /takes 1 argument/],
    ];
    for (const [args, stdin, status, message] of cases) {
      const ran = await county(args, stdin);
      expect(ran.status, args.join(' ')).toBe(status);
      expect(ran.stderr, args.join(' ')).toMatch(message);
    }
    const listed = JSON.parse((await county(['user', 'list', '--json'])).stdout) as Array<{ name: string; role: string }>;
    expect(listed.map((account) => [account.name, account.role])).toEqual([['甲', 'clerk']]);
  });

  it.skipIf(!HAS_PYTHON)('asks twice without echo on a terminal, and refuses two different answers', { timeout: 240_000 }, async () => {
    const added = await county(['user', 'add', '--name', '终端', '--role', 'viewer'], '', ['typed secret pw', 'typed secret pw']);
    expect(added.status, added.stdout).toBe(0);
    expect(added.stdout).toContain('new password: ');
    expect(added.stdout).toContain('repeat it: ');
    expect(added.stdout).toContain('added viewer 终端');
    expect(added.stdout).not.toContain('typed secret');
    expect(await canSignIn('终端', 'typed secret pw')).toBe(true);

    const mismatch = await county(['user', 'password', '--name', '终端'], '', ['another secret 1', 'another secret 2']);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stdout).toContain('the two passwords differ');
    expect(await canSignIn('终端', 'typed secret pw')).toBe(true);
  });
});
