import { buildApp } from '../app';
import type { ServerConfig } from '../config';

/** Listens until SIGINT/SIGTERM, then closes gracefully (in-flight requests finish, the database closes). */
export async function serve(config: ServerConfig, io: { out: (line: string) => void }): Promise<void> {
  const app = await buildApp(config);
  const address = await app.listen({ host: config.host, port: config.port });
  const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
  io.out(`county server listening on ${address} (${where})`);
  await new Promise<void>((resolve, reject) => {
    const stop = (signal: NodeJS.Signals) => {
      app.log.info({ signal }, 'shutting down');
      app.close().then(resolve, reject);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
