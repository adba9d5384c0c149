import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../shared/audit/auditChain';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { ServiceItem } from '../../../shared/domain/serviceItem';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { decryptBackup, encryptBackup } from '../../../renderer/src/backup/backupCrypto';
import { BackupError, type BackupErrorCode } from '../../../renderer/src/backup/backupError';
import { exportBackup, readBackup, restoreBackup } from '../../../renderer/src/backup/backupService';
import { addAgent, checkPin, createAdministrator, resetAgentPin, setAgentActive } from '../../../renderer/src/db/repositories/agents';
import { createCase, transitionCase, updateMaterials } from '../../../renderer/src/db/repositories/cases';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import { getDeviceId, saveStationSettings } from '../../../renderer/src/db/repositories/settings';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { county, TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2 } from '../db/support/countyFixture';
import { dumpDb, freshDb } from '../db/support/testDb';

const PASSWORD = 'usb-stick-2026';
const NEW_ADMIN_PIN = '112233';
const PENSION: ServiceItem = {
  code: 'YL001', name: '养老保险待遇资格认证', department: '县人社局', promisedDays: 5, feeFen: 0, legalBasis: '社会保险法', description: '',
  materials: [{ name: '身份证', copies: 1, original: true, note: '' }],
};
const FRIDAY = new Date(2026, 10, 27, 10, 0, 0);
const SATURDAY = new Date(2026, 10, 28, 9, 30, 0);

const opened: KioskDatabase[] = [];

/** A kiosk that has loaded the county data of `villageCode` and nothing else (a fresh install). */
async function freshKiosk(villageCode: string = VILLAGE_A1): Promise<KioskDatabase> {
  const db = freshDb();
  opened.push(db);
  await db.meta.bulkPut([{ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode } }, { key: 'county', value: county }]);
  await db.serviceItems.put(PENSION);
  return db;
}

function caseInput(name: string, group: number) {
  return {
    itemCode: 'YL001',
    applicant: { name, idNumber: completeIdNumber('34122219550505041'), phone: '139 1234 5678', group },
    materials: [{ name: '身份证', copies: 1, original: true, received: false }],
    note: '<script>alert(1)</script>',
  };
}

interface FilledKiosk {
  db: KioskDatabase;
  admin: AgentPublic;
  agent: AgentPublic;
}

/** A kiosk in use: agents (one disabled), cases with events, feedback, settings, counters, the audit chain. */
async function kioskInUse(): Promise<FilledKiosk> {
  const db = await freshKiosk();
  const admin = await createAdministrator(db, { name: '李建国', pin: '246810' }, FRIDAY);
  const agent = await addAgent(db, admin, { name: '王秀英', role: 'agent', pin: '135790' }, FRIDAY);
  const secondAdmin = await addAgent(db, admin, { name: '赵德明', role: 'admin', pin: '975310' }, FRIDAY);
  const leaver = await addAgent(db, admin, { name: '孙小红', role: 'agent', pin: '864200' }, FRIDAY);
  await setAgentActive(db, admin, leaver.id, false, FRIDAY);
  expect(secondAdmin.active).toBe(true);

  const first = await createCase(db, caseInput('张桂兰', 3), agent, { now: FRIDAY });
  const second = await createCase(db, caseInput('刘<b>明</b>', 2), agent, { now: SATURDAY });
  if (!first.ok || !second.ok) throw new Error('fixture cases were refused');
  expect((await transitionCase(db, first.record.id, 'accepted', '', agent, { now: SATURDAY })).ok).toBe(true);
  expect((await updateMaterials(db, first.record.id, [{ name: '身份证', copies: 1, original: true, received: true }], agent, { now: SATURDAY })).ok).toBe(true);
  expect((await transitionCase(db, second.record.id, 'declined', '不属于代办范围', agent, { now: SATURDAY })).ok).toBe(true);

  const feedback = await createFeedback(db, { subject: { kind: 'general' }, category: 'suggestion', text: '希望周末也能办理', callbackPhone: '13912345678' }, { now: SATURDAY });
  expect(feedback.ok).toBe(true);
  await saveStationSettings(db, { stationPhone: '0551-65123456', printerName: 'XP-58', paper: 'receipt58' }, admin);
  return { db, admin, agent };
}

async function caught(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

async function expectRefused(promise: Promise<unknown>, code: BackupErrorCode): Promise<BackupError> {
  const error = await caught(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

/** The public fields only, whatever else the row carries. */
function withoutPin(agent: AgentPublic): AgentPublic {
  return { id: agent.id, name: agent.name, role: agent.role, active: agent.active, createdAt: agent.createdAt };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('backup round trip', () => {
  let source: FilledKiosk;

  beforeEach(async () => {
    source = await kioskInUse();
  });

  it('restores every village-owned record onto a fresh kiosk, agents without their PINs', async () => {
    const { fileName, bytes, counts } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    expect(fileName).toBe(`村务终端备份-${VILLAGE_A1}-2026-11-28.vkbak`);
    expect(counts).toMatchObject({ agents: 4, cases: 2, caseEvents: 5, feedback: 1 });
    const exported = await dumpDb(source.db);
    const exportedAudit = exported.auditLog as Array<{ action: string; subject: string }>;
    // Audited before the tables were read: the file carries its own export entry, last in its chain.
    expect(exportedAudit.at(-1)).toMatchObject({ action: 'export', subject: fileName });

    const target = await freshKiosk();
    const result = await restoreBackup(target, bytes, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY);
    const restored = await dumpDb(target);

    for (const table of ['cases', 'caseEvents', 'feedback'] as const) expect(restored[table]).toEqual(exported[table]);
    expect(restored.auditLog!.slice(0, exportedAudit.length)).toEqual(exportedAudit);
    const expectedAgents = (exported.agents as AgentPublic[]).map((agent) => ({ ...withoutPin(agent), active: agent.id === source.admin.id }));
    expect((restored.agents as AgentPublic[]).map(withoutPin)).toEqual(expectedAgents);
    expect(await target.settings.get('station')).toEqual(await source.db.settings.get('station'));
    const receiptCounters = (exported.counters as Array<{ key: string }>).filter((counter) => counter.key.startsWith('receipt:'));
    expect(receiptCounters.length).toBeGreaterThan(0);
    expect((restored.counters as Array<{ key: string }>).filter((counter) => counter.key.startsWith('receipt:'))).toEqual(receiptCounters);
    // Every restored record is queued for the county again (it keeps each record once by its id).
    const queued = restored.outbox as Array<{ id: string; state: string }>;
    const restoredIds = [
      ...[...(exported.caseEvents as Array<{ id: string }>), ...(exported.feedback as Array<{ id: string }>)].map((r) => r.id),
      ...(restored.auditLog as Array<{ seq: number }>).map((a) => String(a.seq)),
    ];
    expect(new Set(queued.map((e) => e.id))).toEqual(new Set(restoredIds));
    expect(queued.every((e) => e.state === 'pending')).toBe(true);

    // No PIN hash travelled: nothing from the source's hashes is in the restored agents.
    const sourceHashes = new Set((exported.agents as Array<{ pin: { hash: string; salt: string } }>).flatMap((a) => [a.pin.hash, a.pin.salt]));
    for (const agent of restored.agents as Array<{ pin: { hash: string; salt: string } }>) {
      expect(sourceHashes.has(agent.pin.hash) || sourceHashes.has(agent.pin.salt)).toBe(false);
    }

    const restoredAudit = await target.auditLog.orderBy('seq').toArray();
    expect(verifyAuditChain(restoredAudit)).toEqual({ ok: true, count: exportedAudit.length + 1 });
    expect(restoredAudit.at(-1)).toMatchObject({ action: 'restore', actorId: source.admin.id, actorName: '李建国' });
    expect(result.restoreEntry).toEqual(restoredAudit.at(-1));
    expect(result.administrator.id).toBe(source.admin.id);
    expect(result.agentsNeedingPin.map((agent) => agent.name).sort()).toEqual(['孙小红', '王秀英', '赵德明'].sort());
  });

  it('hands the kiosk to the administrator who exported the file', async () => {
    const second = (await source.db.agents.toArray()).find((agent) => agent.name === '赵德明')!;
    const { bytes } = await exportBackup(source.db, PASSWORD, second, SATURDAY);
    const result = await restoreBackup(await freshKiosk(), bytes, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY);
    expect(result.administrator.name).toBe('赵德明');
    expect(result.restoreEntry.actorName).toBe('赵德明');
  });

  it('hands the kiosk to the administrator with the new PIN; the others log in only after a reset', async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const target = await freshKiosk();
    await restoreBackup(target, bytes, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY);

    expect((await checkPin(target, source.admin.id, '246810', SATURDAY)).ok).toBe(false);
    const login = await checkPin(target, source.admin.id, NEW_ADMIN_PIN, SATURDAY);
    expect(login.ok).toBe(true);
    expect(await checkPin(target, source.agent.id, '135790', SATURDAY)).toMatchObject({ ok: false, code: 'INACTIVE' });

    await resetAgentPin(target, source.admin, source.agent.id, '135790', SATURDAY);
    await setAgentActive(target, source.admin, source.agent.id, true, SATURDAY);
    const agentLogin = await checkPin(target, source.agent.id, '135790', SATURDAY);
    expect(agentLogin.ok).toBe(true);
    if (!agentLogin.ok) return;

    // A new author with its own sequence, and receipt numbers that continue after the restored ones.
    expect(await getDeviceId(target)).not.toBe(await getDeviceId(source.db));
    const next = await createCase(target, caseInput('陈家和', 1), agentLogin.agent, { now: SATURDAY });
    expect(next.ok).toBe(true);
    if (!next.ok) return;
    expect(next.record.localNo).toBe('261128003');
    const [event] = await target.caseEvents.where('caseId').equals(next.record.id).toArray();
    expect(event).toMatchObject({ authorSeq: 1, author: { kind: 'device', id: await getDeviceId(target) } });
    expect(verifyAuditChain(await target.auditLog.orderBy('seq').toArray()).ok).toBe(true);
  });

  it('a wrong password changes nothing', async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const target = await freshKiosk();
    const before = await dumpDb(target);
    await expectRefused(restoreBackup(target, bytes, 'not-the-password', null, NEW_ADMIN_PIN, SATURDAY), 'wrongPasswordOrDamaged');
    expect(await dumpDb(target)).toEqual(before);
  });

  it('refuses a kiosk that already holds records, and changes nothing there', async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const target = await freshKiosk();
    await createAdministrator(target, { name: '周建华', pin: '123456' }, SATURDAY);
    const before = await dumpDb(target);
    const error = await expectRefused(restoreBackup(target, bytes, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY), 'notFresh');
    expect(error.params.tables).toContain('agents');
    expect(await dumpDb(target)).toEqual(before);

    // A resident's ticket alone is a record of this kiosk too.
    const withTicket = await freshKiosk();
    await createFeedback(withTicket, { subject: { kind: 'general' }, category: 'consultation', text: '问一下', callbackPhone: null }, { now: SATURDAY });
    await expectRefused(restoreBackup(withTicket, bytes, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY), 'notFresh');
  });

  it("refuses another village's kiosk", async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const other = await freshKiosk(VILLAGE_A2);
    const before = await dumpDb(other);
    await expectRefused(restoreBackup(other, bytes, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY), 'otherVillage');
    expect(await dumpDb(other)).toEqual(before);
  });

  it('refuses a backup whose audit trail was edited, naming the entry', async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const bundle = JSON.parse(new TextDecoder().decode(await decryptBackup(bytes, PASSWORD))) as { auditLog: Array<{ actorName: string }> };
    bundle.auditLog[2]!.actorName = '某人';
    const forged = await encryptBackup(new TextEncoder().encode(JSON.stringify(bundle)), PASSWORD);
    const error = await expectRefused(readBackup(forged, PASSWORD), 'brokenAuditChain');
    expect(error.params.seq).toBe(3);
  });

  it('refuses a backup with a record that breaks its schema, writing nothing', async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const bundle = JSON.parse(new TextDecoder().decode(await decryptBackup(bytes, PASSWORD))) as { feedback: Array<{ ticketNo: string }> };
    bundle.feedback[0]!.ticketNo = 'YJ-1';
    const forged = await encryptBackup(new TextEncoder().encode(JSON.stringify(bundle)), PASSWORD);
    const target = await freshKiosk();
    const before = await dumpDb(target);
    const error = await expectRefused(restoreBackup(target, forged, PASSWORD, null, NEW_ADMIN_PIN, SATURDAY), 'invalidContent');
    expect(error.message).toContain('feedback.0.ticketNo');
    expect(await dumpDb(target)).toEqual(before);
  });

  it('refuses a new PIN that is not 6 digits, writing nothing', async () => {
    const { bytes } = await exportBackup(source.db, PASSWORD, source.admin, SATURDAY);
    const target = await freshKiosk();
    const before = await dumpDb(target);
    await expectRefused(restoreBackup(target, bytes, PASSWORD, null, '12345', SATURDAY), 'invalidPin');
    expect(await dumpDb(target)).toEqual(before);
  });

  it('exports only for an active administrator and only with a password of 8 characters or more', async () => {
    await expectRefused(exportBackup(source.db, 'short', source.admin, SATURDAY), 'weakPassword');
    await expectRefused(exportBackup(source.db, PASSWORD, source.agent, SATURDAY), 'notAdmin');
    expect((await source.db.auditLog.toArray()).some((entry) => entry.action === 'export')).toBe(false);
  });
});
