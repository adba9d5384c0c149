import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Server configuration: one zod schema fed from CLI flags and environment variables, so a typo
 * or a missing value stops the server at start instead of surfacing as a runtime surprise.
 */

const sqliteTargetSchema = z.object({ kind: z.literal('sqlite'), file: z.string().min(1) });
const postgresTargetSchema = z.object({
  kind: z.literal('postgres'),
  url: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://'),
});
export const databaseTargetSchema = z.discriminatedUnion('kind', [sqliteTargetSchema, postgresTargetSchema]);
export type DatabaseTarget = z.infer<typeof databaseTargetSchema>;

/** server/dashboard/dist beside this source tree (config.ts lives in server/src). */
export function defaultDashboardDir(): string {
  return resolve(import.meta.dirname, '..', 'dashboard', 'dist');
}

export const serverConfigSchema = z.object({
  /** Loopback by default: exposing the server to a network is a deliberate act (--host). */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8740),
  database: databaseTargetSchema,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per minute per client address; in memory, so per instance behind a load balancer. */
  rateLimitPerMinute: z.coerce.number().int().min(1).default(600),
  /** Enrollment is the one unauthenticated write: its codes must not be guessable by brute force. */
  enrollRateLimitPerMinute: z.coerce.number().int().min(1).default(20),
  /** Honour X-Forwarded-For only when a trusted load balancer sits in front. */
  trustProxy: z.boolean().default(false),
  /** The built dashboard (`npm run build:dashboard`); served under /dashboard/ when it exists. */
  dashboardDir: z.string().min(1).default(defaultDashboardDir()),
  /** Uploaded fund lists awaiting publication; default: fund-uploads beside the SQLite file (services/fundImport/uploadStore.ts). */
  fundUploadDir: z.string().min(1).optional(),
  /** Published kiosk update files; default: updates beside the SQLite file (services/updates/updateStore.ts). */
  updateDir: z.string().min(1).optional(),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** The per-user data folder the OS expects (XDG on Linux, Application Support on macOS, AppData on Windows). */
export function userDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'village-kiosk-county');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'village-kiosk-county');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'village-kiosk-county');
}

export function defaultDatabaseFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataFolder(env), 'county.sqlite');
}

/** `--db FILE` wins; otherwise DATABASE_URL (PostgreSQL); otherwise the SQLite file in the user's data folder. */
export function resolveDatabaseTarget(dbFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (dbFlag !== undefined && dbFlag !== '') return databaseTargetSchema.parse({ kind: 'sqlite', file: dbFlag });
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') return databaseTargetSchema.parse({ kind: 'postgres', url });
  return { kind: 'sqlite', file: defaultDatabaseFile(env) };
}

export interface ConfigFlags {
  host?: string | undefined;
  port?: string | undefined;
  db?: string | undefined;
}

export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return serverConfigSchema.parse({
    host: flags.host ?? env.HOST,
    port: flags.port ?? env.PORT,
    database: resolveDatabaseTarget(flags.db, env),
    logLevel: env.LOG_LEVEL,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    enrollRateLimitPerMinute: env.ENROLL_RATE_LIMIT_PER_MINUTE,
    trustProxy: env.TRUST_PROXY === undefined ? undefined : env.TRUST_PROXY === 'true',
    dashboardDir: env.DASHBOARD_DIR || undefined,
    fundUploadDir: env.FUND_UPLOAD_DIR || undefined,
    updateDir: env.UPDATE_DIR || undefined,
  });
}
