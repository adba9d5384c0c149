import { describe, expect, it } from 'vitest';
import { decideAgentRoute, type AgentGuardFacts } from '../../../renderer/src/router/agentGuard';

const route = (name: string, meta: { agent?: boolean; admin?: boolean } = {}, fullPath = `/${name}`) => ({ name, meta, fullPath });
const facts = (over: Partial<AgentGuardFacts> = {}): AgentGuardFacts => ({ loggedIn: false, isAdmin: false, anyAgent: async () => true, ...over });

describe('decideAgentRoute', () => {
  it('sends a visitor of an agent route to the login, or to setup on a kiosk with no agent', async () => {
    expect(await decideAgentRoute(route('caseNew', { agent: true }, '/agent/cases/new?item=X'), facts())).toEqual({
      name: 'agentLogin',
      query: { next: '/agent/cases/new?item=X' },
    });
    expect(await decideAgentRoute(route('agentHome', { agent: true }), facts({ anyAgent: async () => false }))).toEqual({ name: 'agentSetup' });
  });

  it('keeps non-administrators out of admin routes', async () => {
    const admin = route('agentAdmin', { agent: true, admin: true });
    expect(await decideAgentRoute(admin, facts({ loggedIn: true }))).toEqual({ name: 'agentHome' });
    expect(await decideAgentRoute(admin, facts({ loggedIn: true, isAdmin: true }))).toBe(true);
    expect(await decideAgentRoute(route('agentHome', { agent: true }), facts({ loggedIn: true }))).toBe(true);
  });

  it('offers setup only while no agent exists, and the login only when one does', async () => {
    expect(await decideAgentRoute(route('agentSetup'), facts())).toEqual({ name: 'agentLogin' });
    expect(await decideAgentRoute(route('agentSetup'), facts({ anyAgent: async () => false }))).toBe(true);
    expect(await decideAgentRoute(route('agentLogin'), facts({ anyAgent: async () => false }))).toEqual({ name: 'agentSetup' });
    expect(await decideAgentRoute(route('agentLogin'), facts())).toBe(true);
    expect(await decideAgentRoute(route('agentLogin'), facts({ loggedIn: true }))).toEqual({ name: 'agentHome' });
  });

  it('leaves resident routes alone without reading the database', async () => {
    let asked = false;
    const decision = await decideAgentRoute(route('subsidies'), facts({ anyAgent: async () => (asked = true) }));
    expect(decision).toBe(true);
    expect(asked).toBe(false);
  });
});
