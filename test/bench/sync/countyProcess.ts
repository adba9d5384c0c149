/**
 * A county server in a process of its own, so the load the bench generates and the server's work
 * are not served by one event loop. Reads its database from BENCH_COUNTY_DATABASE (JSON target) and
 * prints one line, {"url": …}, once it listens on 127.0.0.1.
 */
import { buildApp } from '../../../server/src/app';
import { databaseTargetSchema, serverConfigSchema } from '../../../server/src/config';
import { BENCH_RATE_LIMIT } from './countyConfig';

async function main(): Promise<void> {
  const database = databaseTargetSchema.parse(JSON.parse(process.env.BENCH_COUNTY_DATABASE ?? 'null'));
  const config = serverConfigSchema.parse({ database, port: 0, logLevel: 'warn', rateLimitPerMinute: BENCH_RATE_LIMIT, enrollRateLimitPerMinute: BENCH_RATE_LIMIT });
  const app = await buildApp(config);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  const stop = (): void => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
