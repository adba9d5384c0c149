import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface BuildRendererOptions {
  /** The repository root (where vite.config.mts is). */
  repoRoot: string;
  /** Where to put the build; vite.config.mts decides when omitted (dist/renderer). */
  outDir?: string;
  /** Keep Vite's output unless the build fails. */
  quiet?: boolean;
  /** Another Vite config than the repository's (the county dashboard's). */
  configFile?: string;
}

/**
 * Runs `vite build` for the renderer in a child process, so the build's plugins and memory never
 * mix with the caller's (a test runner, or a long-running preview server).
 */
export async function buildRenderer({ repoRoot, outDir, quiet = false, configFile }: BuildRendererOptions): Promise<void> {
  const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [viteBin, 'build', ...(configFile ? ['--config', configFile] : []), ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    // Captured output is shown in logs and test reports, where colour codes are noise.
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...(quiet ? { NO_COLOR: '1', FORCE_COLOR: '0' } : {}) },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolveExit, rejectExit) => {
    child.once('error', rejectExit);
    child.once('close', resolveExit);
  });
  if (code !== 0) {
    throw new Error(`vite build failed (exit ${code ?? 'signal'})${output ? `:\n${output.trim()}` : ''}`);
  }
}
