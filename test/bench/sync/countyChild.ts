import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import type { DatabaseTarget } from '../../../server/src/config';

export interface CountyChild {
  url: string;
  close(): Promise<void>;
}

const root = resolve(__dirname, '../../..');
const START_TIMEOUT_MS = 60_000;

/** Starts countyProcess.ts with tsx and waits for the line that says where it listens. */
export async function startCountyChild(database: DatabaseTarget): Promise<CountyChild> {
  const child: ChildProcess = spawn(join(root, 'node_modules/.bin/tsx'), [join(__dirname, 'countyProcess.ts')], {
    cwd: root,
    env: { ...process.env, BENCH_COUNTY_DATABASE: JSON.stringify(database) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('county process did not start in time')), START_TIMEOUT_MS);
    child.once('exit', (code) => fail(new Error(`county process exited with ${code ?? 'a signal'}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      // The server's own log lines (warnings, errors) after that, for whoever reads the bench output.
      lines.on('line', (logLine) => process.stderr.write(`[county] ${logLine}\n`));
      try {
        done((JSON.parse(line) as { url: string }).url);
      } catch {
        fail(new Error(`county process said: ${line}`));
      }
    });
  });
  return {
    url,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
