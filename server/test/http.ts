import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../src/app';
import { serverConfigSchema, type ServerConfigInput } from '../src/config';
import type { DatabaseHandle } from '../src/db/connection';
import type { TestDatabase } from './pg';

export interface RunningServer {
  app: FastifyInstance;
  baseUrl: string;
  /** The handle the server uses, for arranging and checking rows directly. */
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 and an ephemeral port, so tests go through HTTP exactly like a kiosk. */
export async function startServer(
  database: TestDatabase,
  overrides: Partial<ServerConfigInput> = {},
  deps: Omit<AppDependencies, 'database'> = {},
): Promise<RunningServer> {
  const handle = database.open();
  const config = serverConfigSchema.parse({ database: database.target, logLevel: 'silent', port: 0, ...overrides });
  const app = await buildApp(config, { ...deps, database: handle });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl: address, handle, close: () => app.close() };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
