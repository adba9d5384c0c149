import { enqueueOutbox } from '../db/repositories/outbox';
import { foldCase, caseProjection } from '../../../shared/cases/fold';
import { verifyAuditChain } from '../../../shared/audit/auditChain';
import { pinSchema, type Agent, type AgentPublic, type PinHash } from '../../../shared/domain/agent';
import type { AuditEntry } from '../../../shared/domain/audit';
import type { CaseEvent } from '../../../shared/domain/case';
import { getMeta } from '../db/queries/meta';
import type { AgentActor } from '../db/repositories/agents';
import { appendAudit } from '../db/repositories/audit';
import { kioskToday } from '../db/repositories/receiptNumbers';
import { getDeviceId } from '../db/repositories/settings';
import type { KioskDatabase } from '../db/schema';
import type { StoredCase } from '../db/villageRecords';
import { hashPin, PIN_HASH_ITERATIONS } from '../security/pinHash';
import { bytesToBase64 } from './base64';
import { decryptBackup, encryptBackup } from './backupCrypto';
import { BackupError } from './backupError';
import { BACKUP_FORMAT, BACKUP_VERSION, parseBackupBundle, type BackupBundle, type BackupCounts } from './backupFormat';
import { backupPasswordProblem } from './backupPassword';

export const BACKUP_FILE_EXTENSION = 'vkbak';

/**
 * Counters restored from a backup. Receipt sequences must come back, or the restored kiosk would
 * hand out a receipt number a restored case already has. The old device's event sequence does not:
 * the restored kiosk is a new event author (its own device id, see restoreBundle).
 */
const RESTORED_COUNTER_PREFIX = 'receipt:';

export interface ExportedBackup {
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
  counts: BackupCounts;
}

export interface RestoredBackup {
  /** The administrator who set a new PIN during the restore and may log in now. */
  administrator: AgentPublic;
  /** Restored without a usable PIN and left disabled: the administrator resets their PINs and enables them. */
  agentsNeedingPin: AgentPublic[];
  restoreEntry: AuditEntry;
}

function villageTables(db: KioskDatabase) {
  return [db.agents, db.cases, db.caseEvents, db.feedback, db.auditLog, db.settings, db.counters] as const;
}

/** The kiosk's station as the backup names it, from the county data it loaded. */
async function stationOf(db: KioskDatabase): Promise<BackupBundle['village']> {
  const scope = await getMeta(db, 'scope');
  const county = await getMeta(db, 'county');
  if (!scope) throw new BackupError('noVillage', 'this kiosk has no county data yet, so it does not know its village');
  if (scope.villageCode) {
    const village = county?.villages.find((candidate) => candidate.code === scope.villageCode);
    return { code: scope.villageCode, name: village?.name ?? scope.villageCode };
  }
  const township = county?.townships.find((candidate) => candidate.code === scope.townshipCode);
  return { code: scope.townshipCode, name: township?.name ?? scope.townshipCode };
}

async function requireActiveAdmin(db: KioskDatabase, actor: AgentActor): Promise<Agent> {
  const agent = await db.agents.get(actor.id);
  if (!agent || !agent.active || agent.role !== 'admin') throw new BackupError('notAdmin', 'only an active station administrator may export a backup');
  return agent;
}

export function backupFileName(villageCode: string, today: string): string {
  return `村务终端备份-${villageCode}-${today}.${BACKUP_FILE_EXTENSION}`;
}

/**
 * Encrypts every village-owned record into a backup file. The export is audited first, so the
 * file holds its own 'export' entry and the chain it carries ends with it.
 */
export async function exportBackup(db: KioskDatabase, password: string, actor: AgentActor, now: Date = new Date()): Promise<ExportedBackup> {
  if (backupPasswordProblem(password, password) !== null) throw new BackupError('weakPassword', 'the backup password needs at least 8 characters');
  const admin = await requireActiveAdmin(db, actor);
  const village = await stationOf(db);
  const deviceId = await getDeviceId(db);
  const fileName = backupFileName(village.code, kioskToday(now));
  await appendAudit(db, { actorId: admin.id, actorName: admin.name, action: 'export', subject: fileName, details: {} }, now);

  // One read transaction: a consistent snapshot even if a resident files feedback meanwhile.
  const bundle = await db.transaction('r', villageTables(db), async (): Promise<BackupBundle> => {
    const [agents, cases, caseEvents, feedback, auditLog, station, counters] = await Promise.all([
      db.agents.toArray(),
      db.cases.toArray(),
      db.caseEvents.toArray(),
      db.feedback.toArray(),
      db.auditLog.orderBy('seq').toArray(),
      db.settings.get('station'),
      db.counters.toArray(),
    ]);
    const publicAgents = agents.map(({ id, name, role, active, createdAt }) => ({ id, name, role, active, createdAt }));
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: now.toISOString(),
      village,
      deviceId,
      counts: { agents: agents.length, cases: cases.length, caseEvents: caseEvents.length, feedback: feedback.length, auditLog: auditLog.length, counters: counters.length },
      agents: publicAgents,
      cases,
      caseEvents,
      feedback,
      auditLog,
      settings: { station: station?.key === 'station' ? station.value : null },
      counters,
    };
  });
  const bytes = await encryptBackup(new TextEncoder().encode(JSON.stringify(bundle)), password);
  return { fileName, bytes, counts: bundle.counts };
}

/**
 * The administrator a restore hands the kiosk to: the one who exported the file (they know its
 * password), named by the file's last 'export' entry; failing that, the longest-serving active one.
 */
export function restoringAdministrator(bundle: BackupBundle): AgentPublic | null {
  const activeAdmins = bundle.agents.filter((agent) => agent.active && agent.role === 'admin');
  const exporterId = bundle.auditLog.filter((entry) => entry.action === 'export').at(-1)?.actorId;
  const exporter = activeAdmins.find((agent) => agent.id === exporterId);
  if (exporter) return exporter;
  // createdAt is the kiosk clock, only a tie-breaker here; the id makes the choice total.
  const ordered = [...activeAdmins].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return ordered[0] ?? null;
}

/**
 * Decrypts and checks a backup without writing anything: every table against the shared schemas,
 * the audit chain end to end, and an administrator to hand the kiosk to.
 */
export async function readBackup(fileBytes: Uint8Array, password: string): Promise<BackupBundle> {
  const bundle = parseBackupBundle(await decryptBackup(fileBytes, password));
  const verdict = verifyAuditChain(bundle.auditLog);
  if (!verdict.ok) {
    throw new BackupError('brokenAuditChain', `the audit trail in the backup is broken at entry ${verdict.brokenAtSeq} (${verdict.reason})`, {
      seq: verdict.brokenAtSeq,
      reason: verdict.reason,
    });
  }
  if (!restoringAdministrator(bundle)) throw new BackupError('noActiveAdmin', 'the backup has no active administrator to hand the kiosk to');
  return bundle;
}

/** A kiosk may be restored onto only while it holds no village-owned records of its own. */
export async function villageRecordsPresent(db: KioskDatabase): Promise<string[]> {
  const tables = [db.agents, db.cases, db.caseEvents, db.feedback, db.auditLog];
  const counts = await Promise.all(tables.map((table) => table.count()));
  return tables.filter((_, index) => (counts[index] ?? 0) > 0).map((table) => table.name);
}

export async function canRestore(db: KioskDatabase): Promise<boolean> {
  return (await villageRecordsPresent(db)).length === 0;
}

/** A PIN hash no PIN matches (random bytes, not the hash of anything): the agent cannot log in until reset. */
function unusablePin(): PinHash {
  const random = (length: number) => bytesToBase64(crypto.getRandomValues(new Uint8Array(length)));
  return { algorithm: 'PBKDF2-SHA256', iterations: PIN_HASH_ITERATIONS, salt: random(16), hash: random(32) };
}

/** The cases table rebuilt from the events: the events are the record, the rows only their fold. */
function casesFromEvents(events: readonly CaseEvent[]): StoredCase[] {
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of events) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  return [...byCase.values()].map((caseEvents) => caseProjection(foldCase(caseEvents)));
}

/**
 * Writes a checked backup into this kiosk in one transaction: all of it, or (refused, failed) none.
 * The first active administrator gets `newAdminPin`; every other agent comes back disabled with an
 * unusable PIN. The kiosk keeps its own device id: continuing the old device's event sequence could
 * reuse (author, sequence) pairs the old kiosk already sent to the county.
 */
export async function restoreBundle(
  db: KioskDatabase,
  bundle: BackupBundle,
  newAdminPin: string,
  actor: AgentActor | null,
  now: Date = new Date(),
): Promise<RestoredBackup> {
  if (!pinSchema.safeParse(newAdminPin).success) throw new BackupError('invalidPin', 'the new administrator PIN must be 6 digits');
  const administrator = restoringAdministrator(bundle);
  if (!administrator) throw new BackupError('noActiveAdmin', 'the backup has no active administrator to hand the kiosk to');
  // Hashed before the transaction: IndexedDB commits a transaction that waits on anything else.
  const adminPin = await hashPin(newAdminPin);
  const agents: Agent[] = bundle.agents.map((agent) => ({
    ...agent,
    active: agent.id === administrator.id,
    pin: agent.id === administrator.id ? adminPin : unusablePin(),
    failedAttempts: 0,
    lockedUntil: null,
  }));
  const cases = casesFromEvents(bundle.caseEvents);

  const restoreEntry = await db.transaction('rw', [...villageTables(db), db.meta, db.outbox], async () => {
    const present = await villageRecordsPresent(db);
    if (present.length > 0) {
      throw new BackupError('notFresh', `this kiosk already holds its own records (${present.join(', ')}): a backup is restored only onto a fresh kiosk`, {
        tables: present.join(', '),
      });
    }
    const station = await stationOf(db);
    if (station.code !== bundle.village.code) {
      throw new BackupError('otherVillage', `the backup is of ${bundle.village.name} (${bundle.village.code}), this kiosk serves ${station.name} (${station.code})`, {
        backupVillage: bundle.village.name,
        kioskVillage: station.name,
      });
    }
    await db.agents.bulkAdd(agents);
    await db.caseEvents.bulkAdd(bundle.caseEvents);
    await db.cases.bulkAdd(cases);
    await db.feedback.bulkAdd(bundle.feedback);
    await db.auditLog.bulkAdd(bundle.auditLog);
    // The old kiosk may have died before it synced: queue every restored record for the county again.
    // The county keeps each record once by its id, so records it already has are harmless repeats.
    for (const event of [...bundle.caseEvents].filter((e) => e.author.kind === 'device').sort((a, b) => a.authorSeq - b.authorSeq)) {
      await enqueueOutbox(db, 'caseEvent', event.id, event);
    }
    for (const ticket of bundle.feedback) await enqueueOutbox(db, 'feedback', ticket.id, ticket);
    for (const entry of bundle.auditLog) await enqueueOutbox(db, 'audit', String(entry.seq), entry);
    if (bundle.settings.station) await db.settings.put({ key: 'station', value: bundle.settings.station });
    for (const counter of bundle.counters) {
      if (!counter.key.startsWith(RESTORED_COUNTER_PREFIX)) continue;
      const current = (await db.counters.get(counter.key))?.value ?? 0;
      await db.counters.put({ key: counter.key, value: Math.max(current, counter.value) });
    }
    const by = actor ?? administrator;
    return appendAudit(
      db,
      {
        actorId: by.id,
        actorName: by.name,
        action: 'restore',
        subject: `${bundle.village.code} ${bundle.exportedAt}`,
        details: {
          exportedAt: bundle.exportedAt,
          sourceDevice: bundle.deviceId,
          agents: bundle.agents.length,
          cases: cases.length,
          feedback: bundle.feedback.length,
          auditEntries: bundle.auditLog.length,
          agentsNeedingPin: agents.length - 1,
        },
      },
      now,
    );
  });
  const agentsNeedingPin = bundle.agents.filter((agent) => agent.id !== administrator.id).map((agent) => ({ ...agent, active: false }));
  return { administrator, agentsNeedingPin, restoreEntry };
}

/** Decrypts, checks and restores a backup file in one go (readBackup, then restoreBundle). */
export async function restoreBackup(
  db: KioskDatabase,
  fileBytes: Uint8Array,
  password: string,
  actor: AgentActor | null,
  newAdminPin: string,
  now: Date = new Date(),
): Promise<RestoredBackup> {
  return restoreBundle(db, await readBackup(fileBytes, password), newAdminPin, actor, now);
}
