import { describe, expect, it } from 'vitest';
import {
  addAgent,
  AgentError,
  checkPin,
  confirmPin,
  createAdministrator,
  hasAnyAgent,
  listAgents,
  recordLogout,
  resetAgentPin,
  seedAgentsIfNone,
  setAgentActive,
} from '../../../renderer/src/db/repositories/agents';
import { DEMO_AGENTS } from '../../../shared/agents/demoAgents';
import { appendAudit, listAuditPage, verifyStoredAudit } from '../../../renderer/src/db/repositories/audit';
import { freshDb } from '../db/support/testDb';

const T0 = new Date('2026-11-27T08:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

async function stationWithAdmin() {
  const db = freshDb();
  const admin = await createAdministrator(db, { name: '李建国', pin: '246810' }, T0);
  return { db, admin };
}

describe('agents repository', () => {
  it('creates the administrator once, and never stores the PIN', async () => {
    const db = freshDb();
    expect(await hasAnyAgent(db)).toBe(false);
    const admin = await createAdministrator(db, { name: ' 李建国 ', pin: '246810' }, T0);
    expect(admin).toMatchObject({ name: '李建国', role: 'admin', active: true });
    expect(admin).not.toHaveProperty('pin');
    expect(await hasAnyAgent(db)).toBe(true);
    expect(JSON.stringify(await db.agents.toArray())).not.toContain('246810');
    await expect(createAdministrator(db, { name: '张三', pin: '111111' })).rejects.toMatchObject({ code: 'SETUP_DONE' });
    expect(await db.agents.count()).toBe(1);
    const [setup] = await listAuditPage(db, { offset: 0, limit: 10 });
    expect(setup).toMatchObject({ seq: 1, action: 'setup', actorId: admin.id });
  });

  it('refuses bad names and PINs with the schema messages', async () => {
    const db = freshDb();
    await expect(createAdministrator(db, { name: '李', pin: '246810' })).rejects.toThrow(/at least 2/);
    await expect(createAdministrator(db, { name: '<script>', pin: '246810' })).rejects.toThrow(/letters only/);
    await expect(createAdministrator(db, { name: '李建国', pin: '2468' })).rejects.toThrow(/6 digits/);
    expect(await hasAnyAgent(db)).toBe(false);
  });

  it('lets only an active administrator add agents, with unique active names', async () => {
    const { db, admin } = await stationWithAdmin();
    const agent = await addAgent(db, admin, { name: '王秀英', role: 'agent', pin: '135790' });
    await expect(addAgent(db, agent, { name: '赵六', role: 'agent', pin: '111111' })).rejects.toMatchObject({ code: 'NOT_ADMIN' });
    await expect(addAgent(db, admin, { name: '王秀英', role: 'agent', pin: '222222' })).rejects.toMatchObject({ code: 'DUPLICATE_NAME' });
    const list = await listAgents(db);
    expect(list.map((a) => [a.name, a.role])).toEqual([
      ['李建国', 'admin'],
      ['王秀英', 'agent'],
    ]);
    expect(list.every((a) => !('pin' in a) && !('failedAttempts' in a))).toBe(true);
  });

  it('never disables the last active administrator', async () => {
    const { db, admin } = await stationWithAdmin();
    await expect(setAgentActive(db, admin, admin.id, false)).rejects.toBeInstanceOf(AgentError);
    const second = await addAgent(db, admin, { name: '陈二', role: 'admin', pin: '333333' });
    await setAgentActive(db, admin, second.id, false);
    await expect(setAgentActive(db, admin, admin.id, false)).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    const enabled = await setAgentActive(db, admin, second.id, true);
    expect(enabled.active).toBe(true);
    expect((await setAgentActive(db, second, admin.id, false)).active).toBe(false);
  });

  it('logs in with the right PIN and refuses disabled or unknown agents', async () => {
    const { db, admin } = await stationWithAdmin();
    const agent = await addAgent(db, admin, { name: '王秀英', role: 'agent', pin: '135790' });
    expect(await checkPin(db, agent.id, '135790')).toMatchObject({ ok: true, agent: { id: agent.id } });
    await setAgentActive(db, admin, agent.id, false);
    expect(await checkPin(db, agent.id, '135790')).toEqual({ ok: false, code: 'INACTIVE' });
    expect(await checkPin(db, 'nobody', '135790')).toEqual({ ok: false, code: 'UNKNOWN' });
  });

  it('locks after five wrong PINs, refuses the right one while locked, doubles, and resets on success', async () => {
    const { db, admin } = await stationWithAdmin();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await checkPin(db, admin.id, '000000', at(i)));
    expect(results.map((r) => (r.ok ? null : r.attemptsLeft))).toEqual([4, 3, 2, 1]);
    expect(await checkPin(db, admin.id, '000000', at(4))).toEqual({ ok: false, code: 'LOCKED', lockedUntil: at(34).toISOString() });
    expect(await checkPin(db, admin.id, '246810', at(10))).toMatchObject({ ok: false, code: 'LOCKED' });
    expect(await checkPin(db, admin.id, '000000', at(35))).toEqual({ ok: false, code: 'LOCKED', lockedUntil: at(95).toISOString() });
    expect(await checkPin(db, admin.id, '246810', at(96))).toMatchObject({ ok: true });
    expect(await checkPin(db, admin.id, '000000', at(97))).toMatchObject({ ok: false, code: 'WRONG_PIN', attemptsLeft: 4 });
    const actions = (await db.auditLog.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions).toEqual(['setup', 'loginFailed', 'loginFailed', 'loginFailed', 'loginFailed', 'loginFailed', 'lockout', 'loginFailed', 'lockout', 'login', 'loginFailed']);
  });

  it('resets a PIN (lifting a lockout) and confirms a PIN without a login entry', async () => {
    const { db, admin } = await stationWithAdmin();
    const agent = await addAgent(db, admin, { name: '王秀英', role: 'agent', pin: '135790' });
    for (let i = 0; i < 5; i++) await checkPin(db, agent.id, '000000', at(i));
    await resetAgentPin(db, admin, agent.id, '975310', at(6));
    expect(await checkPin(db, agent.id, '135790', at(7))).toMatchObject({ ok: false, code: 'WRONG_PIN' });
    expect(await checkPin(db, agent.id, '975310', at(8))).toMatchObject({ ok: true });
    await expect(resetAgentPin(db, agent, admin.id, '111111')).rejects.toMatchObject({ code: 'NOT_ADMIN' });
    const before = await db.auditLog.count();
    expect(await confirmPin(db, admin.id, '246810')).toMatchObject({ ok: true });
    expect(await db.auditLog.count()).toBe(before);
    await recordLogout(db, agent, 'idle');
    expect((await listAuditPage(db, { offset: 0, limit: 1 }))[0]).toMatchObject({ action: 'logout', details: { reason: 'idle' } });
    expect(await verifyStoredAudit(db)).toEqual({ ok: true, count: before + 1 });
  });
});

describe('audit repository', () => {
  it('keeps seq gap-free under concurrent appends and pages newest first', async () => {
    const db = freshDb();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => appendAudit(db, { actorId: null, actorName: '系统', action: 'print', subject: `job-${i}` })),
    );
    const all = await db.auditLog.orderBy('seq').toArray();
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await verifyStoredAudit(db)).toEqual({ ok: true, count: 12 });
    const page = await listAuditPage(db, { offset: 5, limit: 5 });
    expect(page.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3]);
  });

  it('joins the caller transaction so the action and its entry commit or fail together', async () => {
    const db = freshDb();
    await expect(
      db.transaction('rw', [db.settings, db.auditLog, db.outbox, db.counters], async () => {
        await appendAudit(db, { actorId: null, actorName: '系统', action: 'settingsChanged', subject: 'station' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await db.auditLog.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('finds a stored entry edited behind its back', async () => {
    const db = freshDb();
    for (let i = 0; i < 3; i++) await appendAudit(db, { actorId: null, actorName: '系统', action: 'export', subject: `file-${i}` });
    await db.auditLog.update(2, { subject: 'tampered' });
    expect(await verifyStoredAudit(db)).toEqual({ ok: false, brokenAtSeq: 2, reason: 'edited' });
  });

  it('refuses malformed input', async () => {
    const db = freshDb();
    await expect(appendAudit(db, { actorId: null, actorName: 'x', action: 'dance' as never, subject: 's' })).rejects.toThrow();
    await expect(appendAudit(db, { actorId: null, actorName: 'x', action: 'print', subject: 's'.repeat(200) })).rejects.toThrow();
    expect(await db.auditLog.count()).toBe(0);
  });
});

describe('demo agents', () => {
  it('seeds the demo agents (PINs hashed) only on a kiosk without agents', async () => {
    const db = freshDb();
    expect(await seedAgentsIfNone(db, DEMO_AGENTS)).toBe(2);
    expect(await seedAgentsIfNone(db, DEMO_AGENTS)).toBe(0);
    const agents = await listAgents(db);
    expect(agents.map((a) => [a.name, a.role])).toEqual([
      ['李建国', 'admin'],
      ['王秀英', 'agent'],
    ]);
    expect(JSON.stringify(await db.agents.toArray())).not.toMatch(/246810|135790/);
    expect(await checkPin(db, agents[1]!.id, '135790')).toMatchObject({ ok: true });
    await expect(seedAgentsIfNone(freshDb(), [{ name: '王秀英', role: 'agent', pin: '135790' }])).rejects.toThrow(/administrator/);
    expect(await verifyStoredAudit(db)).toMatchObject({ ok: true });
  });
});
