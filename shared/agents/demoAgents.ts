import { z } from 'zod';
import { agentNameSchema, agentRoleSchema, pinSchema } from '../domain/agent';

/**
 * demo-agents.json: the demo county's administrator and agent with their PINs in clear, so the
 * preview and the tests can log in. Only the demo generator writes it; a county's published data
 * never has it, and a kiosk without it starts with the first-run administrator setup.
 */
export { DEMO_AGENTS_FILE } from './demoAgentsFile';

export const demoAgentSchema = z.strictObject({ name: agentNameSchema, role: agentRoleSchema, pin: pinSchema });
export const demoAgentsSchema = z
  .array(demoAgentSchema)
  .min(1)
  .max(20)
  .refine((agents) => agents.some((agent) => agent.role === 'admin'), 'the demo agents need an administrator');
export type DemoAgent = z.infer<typeof demoAgentSchema>;

/** The README gives these PINs. */
export const DEMO_AGENTS: readonly DemoAgent[] = [
  { name: '李建国', role: 'admin', pin: '246810' },
  { name: '王秀英', role: 'agent', pin: '135790' },
];
