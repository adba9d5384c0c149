import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * `npm run bench -- --only dashboard`: the county dashboard's benches, each in its own process so
 * one's memory never colours the next one's peak RSS: pages with 300 villages and 1,000,000 cases,
 * a 1,000,000-row finance-bureau CSV imported through the CLI's path, and the streamed exports.
 * Each prints its own figures; docs/benchmarks.md records them.
 */
const BENCHES = [
  { file: 'pagesBench.ts', args: ['--cases', '1000000', '--villages', '300'] },
  { file: 'fundImportBench.ts', args: ['--rows', '1000000', '--villages', '300', '--gbk'] },
  { file: 'exportBench.ts', args: ['--payments', '1000000', '--cases', '200000', '--villages', '300'] },
] as const;

export async function runDashboardBench(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const failed: string[] = [];
  for (const bench of BENCHES) {
    console.log(`\n== ${bench.file} ${bench.args.join(' ')}`);
    const result = spawnSync(process.execPath, [tsx, join(__dirname, bench.file), ...bench.args], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) failed.push(bench.file);
  }
  if (failed.length > 0) throw new Error(`dashboard benches failed or missed their budget: ${failed.join(', ')}`);
}
