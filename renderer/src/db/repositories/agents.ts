import { z } from 'zod';
import {
  agentNameSchema,
  agentPublicSchema,
  agentRoleSchema,
  pinSchema,
  type Agent,
  type AgentPublic,
  type AgentRole,
} from '../../../../shared/domain/agent';
import { uuidv7 } from '../../../../shared/ids/uuidv7';
import { demoAgentsSchema } from '../../../../shared/agents/demoAgents';
import { afterRightPin, afterWrongPin, attemptsLeft, isLocked } from '../../../../shared/agents/lockout';
import { hashPin, verifyPin } from '../../security/pinHash';
import type { KioskDatabase } from '../schema';
import { appendAudit } from './audit';

export type AgentErrorCode = 'SETUP_DONE' | 'NOT_ADMIN' | 'UNKNOWN' | 'DUPLICATE_NAME' | 'LAST_ADMIN';

/** A refused agent operation; `code` lets screens pick their own words. */
export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

/** Who performs an administrator action (the logged-in agent); re-checked against the database. */
export interface AgentActor {
  id: string;
  name: string;
}

export type PinCheck =
  | { ok: true; agent: AgentPublic }
  | { ok: false; code: 'WRONG_PIN' | 'LOCKED' | 'INACTIVE' | 'UNKNOWN'; lockedUntil?: string; attemptsLeft?: number };

const newAgentSchema = z.strictObject({ name: agentNameSchema, role: agentRoleSchema, pin: pinSchema });
const administratorSchema = z.strictObject({ name: agentNameSchema, pin: pinSchema });

export function toPublic(agent: Agent): AgentPublic {
  return agentPublicSchema.parse({ id: agent.id, name: agent.name, role: agent.role, active: agent.active, createdAt: agent.createdAt });
}

export async function hasAnyAgent(db: KioskDatabase): Promise<boolean> {
  return (await db.agents.count()) > 0;
}

/** Active administrators first, then by name; disabled agents last. */
export async function listAgents(db: KioskDatabase): Promise<AgentPublic[]> {
  const rank = (agent: Agent): number => (agent.active ? 0 : 2) + (agent.role === 'admin' ? 0 : 1);
  const agents = await db.agents.toArray();
  return agents.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN')).map(toPublic);
}

function newAgent(name: string, role: AgentRole, pin: Agent['pin'], now: Date): Agent {
  return { id: uuidv7(now.getTime()), name, role, active: true, createdAt: now.toISOString(), pin, failedAttempts: 0, lockedUntil: null };
}

async function requireAdmin(db: KioskDatabase, actor: AgentActor): Promise<Agent> {
  const stored = await db.agents.get(actor.id);
  if (!stored || !stored.active || stored.role !== 'admin') {
    throw new AgentError('NOT_ADMIN', 'only an active station administrator may do this');
  }
  return stored;
}

async function requireAgent(db: KioskDatabase, id: string): Promise<Agent> {
  const stored = await db.agents.get(id);
  if (!stored) throw new AgentError('UNKNOWN', 'no such agent');
  return stored;
}

/** The first run: creates the station administrator, refused once any agent exists. */
export async function createAdministrator(db: KioskDatabase, input: unknown, now: Date = new Date()): Promise<AgentPublic> {
  const { name, pin } = administratorSchema.parse(input);
  // Hashed before the transaction: IndexedDB commits a transaction that waits on anything else.
  const agent = newAgent(name, 'admin', await hashPin(pin), now);
  await db.transaction('rw', [db.agents, db.auditLog, db.outbox, db.counters], async () => {
    if ((await db.agents.count()) > 0) throw new AgentError('SETUP_DONE', 'this kiosk already has an administrator');
    await db.agents.add(agent);
    await appendAudit(db, { actorId: agent.id, actorName: agent.name, action: 'setup', subject: agent.id, details: { role: 'admin' } }, now);
  });
  return toPublic(agent);
}

export async function addAgent(db: KioskDatabase, actor: AgentActor, input: unknown, now: Date = new Date()): Promise<AgentPublic> {
  const { name, role, pin } = newAgentSchema.parse(input);
  await requireAdmin(db, actor);
  const agent = newAgent(name, role, await hashPin(pin), now);
  await db.transaction('rw', [db.agents, db.auditLog, db.outbox, db.counters], async () => {
    const admin = await requireAdmin(db, actor);
    // Agents pick their name on the login screen: two active ones with one name could not tell theirs apart.
    const sameName = await db.agents.filter((other) => other.active && other.name === name).count();
    if (sameName > 0) throw new AgentError('DUPLICATE_NAME', `an active agent is already called ${name}`);
    await db.agents.add(agent);
    await appendAudit(db, { actorId: admin.id, actorName: admin.name, action: 'agentAdded', subject: agent.id, details: { name, role } }, now);
  });
  return toPublic(agent);
}

export async function setAgentActive(db: KioskDatabase, actor: AgentActor, id: string, active: boolean, now: Date = new Date()): Promise<AgentPublic> {
  return db.transaction('rw', [db.agents, db.auditLog, db.outbox, db.counters], async () => {
    const admin = await requireAdmin(db, actor);
    const agent = await requireAgent(db, id);
    if (agent.active === active) return toPublic(agent);
    if (!active && agent.role === 'admin') {
      const activeAdmins = await db.agents.filter((other) => other.active && other.role === 'admin').count();
      if (activeAdmins <= 1) throw new AgentError('LAST_ADMIN', 'the last active administrator cannot be disabled');
    }
    if (active) {
      const sameName = await db.agents.filter((other) => other.active && other.name === agent.name).count();
      if (sameName > 0) throw new AgentError('DUPLICATE_NAME', `an active agent is already called ${agent.name}`);
    }
    const updated: Agent = { ...agent, active, ...afterRightPin() };
    await db.agents.put(updated);
    await appendAudit(
      db,
      { actorId: admin.id, actorName: admin.name, action: active ? 'agentEnabled' : 'agentDisabled', subject: agent.id, details: { name: agent.name } },
      now,
    );
    return toPublic(updated);
  });
}

/** A new PIN set by the administrator; also lifts a lockout. */
export async function resetAgentPin(db: KioskDatabase, actor: AgentActor, id: string, pin: unknown, now: Date = new Date()): Promise<void> {
  const checkedPin = pinSchema.parse(pin);
  await requireAdmin(db, actor);
  const hash = await hashPin(checkedPin);
  await db.transaction('rw', [db.agents, db.auditLog, db.outbox, db.counters], async () => {
    const admin = await requireAdmin(db, actor);
    const agent = await requireAgent(db, id);
    await db.agents.put({ ...agent, pin: hash, ...afterRightPin() });
    await appendAudit(db, { actorId: admin.id, actorName: admin.name, action: 'pinReset', subject: agent.id, details: { name: agent.name } }, now);
  });
}

/**
 * Checks a PIN typed on the login screen, counting wrong ones towards the lockout. A locked or
 * disabled agent's PIN is not even compared, so the screen is no oracle while locked.
 */
export async function checkPin(db: KioskDatabase, agentId: string, pin: string, now: Date = new Date()): Promise<PinCheck> {
  return attemptPin(db, agentId, pin, now, true);
}

/**
 * The PIN asked again before a sensitive step (leaving kiosk mode): wrong ones count towards the
 * lockout like at login, a right one is not a new login (the step audits itself).
 */
export async function confirmPin(db: KioskDatabase, agentId: string, pin: string, now: Date = new Date()): Promise<PinCheck> {
  return attemptPin(db, agentId, pin, now, false);
}

async function attemptPin(db: KioskDatabase, agentId: string, pin: string, now: Date, isLogin: boolean): Promise<PinCheck> {
  const before = await db.agents.get(agentId);
  if (!before) return { ok: false, code: 'UNKNOWN' };
  if (!before.active) return { ok: false, code: 'INACTIVE' };
  if (isLocked(before.lockedUntil, now) && before.lockedUntil) return { ok: false, code: 'LOCKED', lockedUntil: before.lockedUntil };

  const right = await verifyPin(pin, before.pin);
  return db.transaction('rw', [db.agents, db.auditLog, db.outbox, db.counters], async (): Promise<PinCheck> => {
    // Re-read: another attempt may have landed while the hash was being computed.
    const agent = await requireAgent(db, agentId);
    const actor = { actorId: agent.id, actorName: agent.name, subject: agent.id };
    if (right) {
      await db.agents.put({ ...agent, ...afterRightPin() });
      if (isLogin) await appendAudit(db, { ...actor, action: 'login' }, now);
      return { ok: true, agent: toPublic(agent) };
    }
    if (isLocked(agent.lockedUntil, now) && agent.lockedUntil) return { ok: false, code: 'LOCKED', lockedUntil: agent.lockedUntil };
    const next = afterWrongPin(agent, now);
    await db.agents.put({ ...agent, ...next });
    await appendAudit(db, { ...actor, action: 'loginFailed', details: { failedAttempts: next.failedAttempts } }, now);
    if (next.lockedUntil) {
      await appendAudit(db, { ...actor, action: 'lockout', details: { lockedUntil: next.lockedUntil } }, now);
      return { ok: false, code: 'LOCKED', lockedUntil: next.lockedUntil };
    }
    return { ok: false, code: 'WRONG_PIN', attemptsLeft: attemptsLeft(next.failedAttempts) };
  });
}

/** Audits the end of an agent session (logout button or idle timeout). */
export async function recordLogout(db: KioskDatabase, agent: AgentActor, reason: 'manual' | 'idle', now: Date = new Date()): Promise<void> {
  await appendAudit(db, { actorId: agent.id, actorName: agent.name, action: 'logout', subject: agent.id, details: { reason } }, now);
}

/**
 * Seeds the demo county's agents on a kiosk that has none (demo data only; see shared/agents/demoAgents).
 * Returns how many were added: 0 when the kiosk already has agents.
 */
export async function seedAgentsIfNone(db: KioskDatabase, input: unknown, now: Date = new Date()): Promise<number> {
  const list = demoAgentsSchema.parse(input);
  if (await hasAnyAgent(db)) return 0;
  const agents = await Promise.all(list.map(async (entry) => newAgent(entry.name, entry.role, await hashPin(entry.pin), now)));
  return db.transaction('rw', [db.agents, db.auditLog, db.outbox, db.counters], async () => {
    if ((await db.agents.count()) > 0) return 0;
    const admin = agents.find((agent) => agent.role === 'admin');
    if (!admin) throw new AgentError('NOT_ADMIN', 'the demo agents need an administrator');
    for (const agent of agents) {
      await db.agents.add(agent);
      await appendAudit(
        db,
        agent === admin
          ? { actorId: admin.id, actorName: admin.name, action: 'setup', subject: admin.id, details: { role: 'admin', demo: true } }
          : { actorId: admin.id, actorName: admin.name, action: 'agentAdded', subject: agent.id, details: { name: agent.name, role: agent.role, demo: true } },
        now,
      );
    }
    return agents.length;
  });
}
