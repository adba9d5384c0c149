import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseEventSchema } from '../../shared/domain/case';
import type { EnrollResponse } from '../../shared/sync/protocol';
import { migrateToLatest } from '../src/db/migrate';
import { addVillage } from '../src/repositories/villages';
import { enrollDevice, issueEnrollmentCode } from '../src/services/enrollment';
import { applyPush } from '../src/services/push';
import { findDevice } from '../src/repositories/devices';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { KioskOutbox } from './pushFixtures';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'server/src/cli.ts');
const VILLAGE = '130123104201';

describe.each(TEST_DATABASE_KINDS)('county CLI: case, feedback, epoch, changes (%s)', (kind) => {
  let database: TestDatabase;
  let receiptNo = '';
  let ticketNo = '';

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    const { db } = database.open();
    await migrateToLatest(database.open());
    await addVillage(db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    const { code } = await issueEnrollmentCode(db, VILLAGE, 3_600_000);
    const enrolled = await enrollDevice(db, { code, deviceName: 'kiosk' });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const kiosk: EnrollResponse = enrolled.response;
    const outbox = new KioskOutbox(kiosk.deviceId, VILLAGE);
    receiptNo = outbox.createCase().receiptNo;
    ticketNo = outbox.feedback().ticketNo;
    const device = await findDevice(db, kiosk.deviceId);
    if (device === undefined) throw new Error('device missing');
    const pushed = await applyPush(db, device, { deviceId: kiosk.deviceId, epoch: 1, entries: outbox.entries }, new Date());
    expect(pushed).toMatchObject({ ok: true, response: { ackedThrough: 2, rejected: [] } });
  });
  afterEach(async () => {
    await database.drop();
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

  it('moves a case, answers a ticket, compacts and bumps the epoch', { timeout: 120_000 }, async () => {
    const moved = await county('case', 'transition', '--receipt', receiptNo, '--to', 'accepted', '--by', '李科长', '--json');
    expect(moved).toMatchObject({ status: 0, stderr: '' });
    expect(caseEventSchema.parse(JSON.parse(moved.stdout))).toMatchObject({ to: 'accepted', actorName: '李科长', author: { kind: 'county' } });
    const declined = await county('case', 'transition', '--receipt', receiptNo, '--to', 'awaitingMaterials', '--reason', '请补交户口簿复印件', '--by', '李科长');
    expect(declined).toMatchObject({ status: 0, stderr: '' });
    expect(declined.stdout).toContain('accepted → awaitingMaterials');

    const answered = await county('feedback', 'answer', '--ticket', ticketNo, '--text', '已收到，正在核实', '--by', '县信访办');
    expect(answered).toMatchObject({ status: 0, stderr: '' });
    expect(answered.stdout).toContain(`answered ticket ${ticketNo}`);

    const compacted = await county('changes', 'compact', '--json');
    expect(JSON.parse(compacted.stdout)).toEqual({ removed: 0, remaining: 3 });
    const bumped = await county('epoch', 'bump');
    expect(bumped).toMatchObject({ status: 0, stderr: '' });
    expect(bumped.stdout).toContain('epoch is now 2');
    const meta = await database.open().db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
    expect(meta.value).toBe('2');
  });

  it('refuses bad county writes on stderr with a non-zero exit, changing nothing', { timeout: 120_000 }, async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['case', 'transition', '--receipt', 'DB-130123104201-261127-099', '--to', 'accepted', '--by', '李科长'], 1, /no case with receipt/],
      [['case', 'transition', '--receipt', receiptNo, '--to', 'completed', '--by', '李科长'], 1, /cannot go from entrusted to completed/],
      [['case', 'transition', '--receipt', receiptNo, '--to', 'declined', '--by', '李科长'], 1, /needs a reason/],
      [['case', 'transition', '--receipt', receiptNo, '--to', 'finished', '--by', '李科长'], 1, /to: /],
      [['case', 'transition', '--receipt', receiptNo, '--to', 'accepted'], 2, /--by is required/],
      [['feedback', 'answer', '--ticket', 'YJ-130123104201-261127-099', '--text', '好', '--by', '县信访办'], 1, /no feedback ticket/],
      [['feedback', 'answer', '--ticket', ticketNo, '--by', '县信访办'], 2, /--text is required/],
      [['epoch', 'bump', 'now'], 2, /takes 0 argument/],
    ];
    const before = await database.open().db.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const results = await Promise.all(cases.map(([args]) => county(...args)));
    results.forEach((result, i) => {
      const [args, status, message] = cases[i] as [string[], number, RegExp];
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status, stdout: '' });
      expect(result.stderr).toMatch(message);
    });
    const after = await database.open().db.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const events = await database.open().db.selectFrom('case_events').select('id').execute();
    expect(events).toHaveLength(1);
  });
});
