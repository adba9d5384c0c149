import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import { kioskDb } from '../db/kioskDb';
import { useAgentSession } from '../stores/agentSession';
import { useDataStatusStore } from '../stores/dataStatus';

/** The longest a navigation waits for the demo agents to be seeded before deciding without them. */
const SEED_WAIT_MS = 10_000;

export interface AgentGuardFacts {
  loggedIn: boolean;
  isAdmin: boolean;
  /** Asked only when the answer matters (it reads the database). */
  anyAgent: () => Promise<boolean>;
}

/**
 * Where a navigation may go: agent routes need a session (the login screen, or the first-run setup
 * when the kiosk has no agent yet), admin routes the administrator; setup exists only until the
 * first administrator does. `true` lets the navigation through.
 */
export async function decideAgentRoute(to: Pick<RouteLocationNormalized, 'name' | 'meta' | 'fullPath'>, facts: AgentGuardFacts): Promise<true | RouteLocationRaw> {
  if (to.meta.agent) {
    if (!facts.loggedIn) return (await facts.anyAgent()) ? { name: 'agentLogin', query: { next: to.fullPath } } : { name: 'agentSetup' };
    if (to.meta.admin && !facts.isAdmin) return { name: 'agentHome' };
    return true;
  }
  if (to.name === 'agentSetup' && (await facts.anyAgent())) return { name: 'agentLogin' };
  if (to.name === 'agentLogin') {
    if (facts.loggedIn) return { name: 'agentHome' };
    if (!(await facts.anyAgent())) return { name: 'agentSetup' };
  }
  return true;
}

export function installAgentGuard(router: Router): void {
  router.beforeEach((to) => {
    const session = useAgentSession();
    const dataStatus = useDataStatusStore();
    const anyAgent = async (): Promise<boolean> => {
      await Promise.race([dataStatus.agentsSettled, new Promise((resolve) => setTimeout(resolve, SEED_WAIT_MS))]);
      // Loaded lazily (see stores/agentSession.ts): residents' screens never load the agent code.
      const { hasAnyAgent } = await import('../db/repositories/agents');
      return hasAnyAgent(kioskDb);
    };
    return decideAgentRoute(to, { loggedIn: session.agent !== null, isAdmin: session.isAdmin, anyAgent });
  });
}
