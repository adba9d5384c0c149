import { z } from 'zod';
import { UUID_PATTERN } from '../ids/uuidv7';

export const AGENT_ROLES = ['admin', 'agent'] as const;
export const agentRoleSchema = z.enum(AGENT_ROLES);
export type AgentRole = z.infer<typeof agentRoleSchema>;

/** PINs are exactly six digits, typed on the on-screen keypad. */
export const PIN_LENGTH = 6;
export const pinSchema = z.string().regex(/^\d{6}$/, 'PIN must be 6 digits');

export const agentNameSchema = z
  .string()
  .trim()
  .min(2, 'name needs at least 2 characters')
  .max(20, 'name is at most 20 characters')
  .regex(/^[\p{L}·•\s]+$/u, 'name may contain letters only');

/** A salted, slow hash: the PIN itself is never stored. */
export const pinHashSchema = z.object({
  algorithm: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(100_000),
  salt: z.string().min(16), // base64
  hash: z.string().min(32), // base64
});
export type PinHash = z.infer<typeof pinHashSchema>;

export const agentSchema = z.object({
  id: z.string().regex(UUID_PATTERN),
  name: agentNameSchema,
  role: agentRoleSchema,
  active: z.boolean(),
  createdAt: z.string().datetime({ offset: true }),
  pin: pinHashSchema,
  failedAttempts: z.number().int().min(0),
  /** Kiosk-clock time until which PIN entry is refused (local lockout only). */
  lockedUntil: z.string().datetime({ offset: true }).nullable(),
});
export type Agent = z.infer<typeof agentSchema>;

/** What leaves the kiosk in a backup or goes to screens: never the PIN hash. */
export type AgentPublic = Omit<Agent, 'pin' | 'failedAttempts' | 'lockedUntil'>;
export const agentPublicSchema = agentSchema.omit({ pin: true, failedAttempts: true, lockedUntil: true });
