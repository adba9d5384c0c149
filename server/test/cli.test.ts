import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'server/src/cli.ts');
const VILLAGE = '130123104201';

interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

const deviceListSchema = z.array(z.object({ id: z.string(), villageCode: z.string(), revokedAt: z.string().nullable() }));

describe.each(TEST_DATABASE_KINDS)('county CLI (%s)', (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database.drop();
  });

  /** The CLI as a child process, exactly as `npm run county --` runs it. */
  async function county(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(TSX, [CLI, ...args, ...database.cliArgs], {
        cwd: ROOT,
        env: { ...process.env, ...database.cliEnv, LOG_LEVEL: 'silent' },
      });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  async function enrollWith(code: string): Promise<string> {
    // The CLI made the code; the HTTP path is covered elsewhere, so enroll through the service here.
    const { enrollDevice } = await import('../src/services/enrollment');
    const handle = database.open();
    const result = await enrollDevice(handle.db, { code, deviceName: 'kiosk' });
    await handle.close();
    if (!result.ok) throw new Error(result.reason);
    return result.response.deviceId;
  }

  it('adds a village, issues a code, lists and revokes the enrolled device', async () => {
    const added = await county('village', 'add', '--code', VILLAGE, '--name', '东村', '--township', '130123104');
    expect(added).toMatchObject({ status: 0, stderr: '' });
    expect(added.stdout).toContain(VILLAGE);

    const issued = await county('device', 'enroll-code', '--village', VILLAGE, '--ttl', '2h', '--json');
    expect(issued.status).toBe(0);
    const { code, expiresAt } = z.object({ code: z.string().regex(/^[A-Z0-9]{12}$/), expiresAt: z.iso.datetime() }).parse(JSON.parse(issued.stdout));
    const hoursLeft = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(1.9);
    expect(hoursLeft).toBeLessThanOrEqual(2);

    const plain = await county('device', 'enroll-code', '--village', VILLAGE);
    expect(plain.stdout.trim()).toMatch(/^[A-Z0-9]{12}$/);

    const deviceId = await enrollWith(code);
    const listed = deviceListSchema.parse(JSON.parse((await county('device', 'list', '--json')).stdout));
    expect(listed).toEqual([expect.objectContaining({ id: deviceId, villageCode: VILLAGE, revokedAt: null })]);
    expect((await county('device', 'list')).stdout).toMatch(new RegExp(`${deviceId}\\s+${VILLAGE}\\s+active`));

    const revoked = await county('device', 'revoke', deviceId);
    expect(revoked).toMatchObject({ status: 0, stderr: '' });
    const after = deviceListSchema.parse(JSON.parse((await county('device', 'list', '--json')).stdout));
    expect(after[0]?.revokedAt).not.toBeNull();
  });

  const BAD_COMMAND_LINES: Array<[string[], number, RegExp]> = [
    [['village', 'add', '--code', VILLAGE, '--name', '东村'], 2, /--township is required/],
    [['village', 'add', '--code', '123', '--name', '东村', '--township', '130123104'], 1, /village code is 12 digits/],
    [['device', 'enroll-code', '--village', '999999999999'], 1, /no village 999999999999/],
    [['device', 'enroll-code', '--village', VILLAGE, '--ttl', 'forever'], 2, /--ttl forever/],
    [['device', 'revoke'], 2, /takes 1 argument/],
    [['device', 'revoke', 'no-such-device'], 1, /no device no-such-device/],
    [['device', 'list', '--colour'], 2, /Unknown option '--colour'/],
    [['launch', 'rockets'], 2, /unknown command: launch rockets/],
  ];

  it('refuses bad command lines on stderr with a non-zero exit and nothing on stdout', async () => {
    // In parallel: each child process pays tsx's start-up, and none of them writes anything.
    const results = await Promise.all(BAD_COMMAND_LINES.map(([args]) => county(...args)));
    results.forEach((result, i) => {
      const [args, status, message] = BAD_COMMAND_LINES[i] as [string[], number, RegExp];
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status, stdout: '' });
      expect(result.stderr).toMatch(message);
    });
  });

  it('refuses adding the same village twice', async () => {
    const args = ['village', 'add', '--code', VILLAGE, '--name', '东村', '--township', '130123104'];
    expect((await county(...args)).status).toBe(0);
    const again = await county(...args);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});
