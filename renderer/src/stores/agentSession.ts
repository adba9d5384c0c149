import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AgentPublic } from '../../../shared/domain/agent';
import { kioskDb } from '../db/kioskDb';
import type { PinCheck } from '../db/repositories/agents';

/**
 * The agent code (and its zod schemas) loads on first use: this store is imported by App.vue, and a
 * chunk the entry imports statically runs before the entry's zodCsp.ts turns off zod's eval probe.
 */
const agentsRepository = () => import('../db/repositories/agents');

export type LogoutReason = 'manual' | 'idle';

/**
 * The logged-in agent. Kept in memory only: a reload, a crash or the idle timeout ends the session,
 * so a kiosk left alone never stays open on the agent's side.
 */
export const useAgentSession = defineStore('agentSession', () => {
  const agent = ref<AgentPublic | null>(null);
  const isAdmin = computed(() => agent.value?.role === 'admin');

  async function login(agentId: string, pin: string): Promise<PinCheck> {
    const { checkPin } = await agentsRepository();
    const result = await checkPin(kioskDb, agentId, pin);
    if (result.ok) agent.value = result.agent;
    return result;
  }

  async function logout(reason: LogoutReason = 'manual'): Promise<void> {
    const current = agent.value;
    // Cleared first: even if the audit write fails, the session is over.
    agent.value = null;
    if (current) await (await agentsRepository()).recordLogout(kioskDb, current, reason);
  }

  return { agent, isAdmin, login, logout };
});
