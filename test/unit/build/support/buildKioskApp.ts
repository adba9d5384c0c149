import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildRenderer } from '../../../../scripts/lib/buildRenderer';

/**
 * `npm run build` into another folder: the renderer, then main and preload (the Electron entries
 * of vite.config.mts). Each build runs in a child process like scripts/lib/buildRenderer does, so
 * its memory and plugins stay out of the test runner.
 */
export async function buildKioskApp(repoRoot: string, distDir: string): Promise<void> {
  await buildRenderer({ repoRoot, outDir: join(distDir, 'renderer'), quiet: true });
  for (const mode of ['electron-main', 'electron-preload'] as const) {
    await runVite(repoRoot, ['build', '--mode', mode, '--outDir', join(distDir, 'electron')]);
  }
}

async function runVite(repoRoot: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolveExit, rejectExit) => {
    child.once('error', rejectExit);
    child.once('close', resolveExit);
  });
  if (code !== 0) throw new Error(`vite ${args.join(' ')} failed (exit ${code ?? 'signal'}):\n${output.trim()}`);
}
