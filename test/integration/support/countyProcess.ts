import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createServer } from 'node:net';
import type { TestDatabase } from '../../../server/test/pg';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'server/src/cli.ts');
const START_TIMEOUT_MS = 30_000;

/**
 * The county as its own process, exactly as `npm run county -- serve` runs it, so a test can
 * SIGKILL it mid-transaction (no graceful close, no flushed buffers) and start it again on the same
 * database, as after a power cut in the county's server room.
 */
export interface CountyProcess {
  baseUrl: string;
  /** Kills with SIGKILL and waits for the exit. */
  kill(): Promise<void>;
  /** A new process on the same database and port. */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM) at the end of a test. */
  stop(): Promise<void>;
  /** Everything the process wrote to stderr: shown when it fails to start. */
  stderr(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the county exited before it answered: ${log()}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the county did not answer /api/v1/health within ${START_TIMEOUT_MS} ms: ${log()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export async function startCountyProcess(database: TestDatabase, env: Record<string, string> = {}): Promise<CountyProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let log = '';

  async function launch(): Promise<void> {
    child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', ...database.cliArgs], {
      cwd: ROOT,
      env: { ...process.env, ...database.cliEnv, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
    });
    await waitForHealth(baseUrl, child, () => log);
  }

  await launch();
  return {
    baseUrl,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    restart: launch,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    },
    stderr: () => log,
  };
}
