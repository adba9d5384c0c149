import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from '../httpError';
import { getEpoch } from '../repositories/serverMeta';

/** Load balancers ask this; it answers ok only when the database answers too. */
export function registerHealthRoute(app: FastifyInstance, db: Kysely<Database>): void {
  app.get('/api/v1/health', { config: { rateLimit: false } }, async () => {
    let epoch: number;
    try {
      epoch = await getEpoch(db);
    } catch (error) {
      app.log.error({ err: error }, 'health check: database unavailable');
      throw new HttpError(503, 'DATABASE_UNAVAILABLE', 'the database does not answer');
    }
    return { status: 'ok', epoch };
  });
}
