import type { Kysely } from 'kysely';
import type { StaffRole, StaffUser } from '../../../shared/dashboard/staff';
import type { ServerConfig } from '../config';
import type { Database } from '../db/schema';

/** What every dashboard route module gets: the database, the server clock and the config. */
export interface DashboardContext {
  db: Kysely<Database>;
  clock: () => Date;
  config: ServerConfig;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The least role a dashboard route needs. Routes without it are refused to everyone (default
     * deny), except the few the staff-auth plugin marks public (login, session).
     */
    minRole?: StaffRole | 'public';
  }
  interface FastifyRequest {
    /** The signed-in staff member; set by the staff-auth hook on every non-public dashboard route. */
    staff: StaffUser | null;
  }
}
