import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

/**
 * A kiosk's browser as its own process on a persistent profile, so a test can kill it with SIGKILL
 * (no unload, no IndexedDB close, no flushed anything) and start it again on the same profile, as
 * after a power cut at the village station. Playwright's persistent context hides the process, so
 * Chromium is spawned here (in its own process group: the renderer, GPU and utility processes die
 * with it) and driven over the DevTools protocol.
 */
export interface KioskProcess {
  browser: Browser;
  page: Page;
  pid: number;
  /** SIGKILL to the whole process group; resolves once the browser process is gone. */
  kill(): Promise<void>;
  /** A clean shutdown at the end of a test. */
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const DEVTOOLS_LINE = /DevTools listening on (ws:\/\/\S+)/;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function devtoolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools endpoint within ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
      const match = DEVTOOLS_LINE.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code ?? signal}) before it listened:\n${log}`));
    });
  });
}

export async function launchKioskProcess(profileDir: string): Promise<KioskProcess> {
  const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, '--lang=zh-CN', '--window-size=1280,800', 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Chromium did not start');
  const killGroup = async (): Promise<void> => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited(child);
  };
  try {
    const browser = await chromium.connectOverCDP(await devtoolsEndpoint(child));
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium has no default context over CDP');
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      browser,
      page,
      pid,
      kill: killGroup,
      async close() {
        await browser.close().catch(() => undefined);
        const timer = setTimeout(() => void killGroup(), 5_000);
        await exited(child);
        clearTimeout(timer);
      },
    };
  } catch (error) {
    await killGroup();
    throw error;
  }
}
