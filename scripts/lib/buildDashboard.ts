import { join } from 'node:path';
import { buildRenderer } from './buildRenderer';

export interface BuildDashboardOptions {
  repoRoot: string;
  /** Where to put the build; server/dashboard/dist when omitted (what the county server serves by default). */
  outDir?: string;
  quiet?: boolean;
}

/** Builds the county dashboard (server/dashboard) with its own Vite config, in a child process. */
export function buildDashboard({ repoRoot, outDir, quiet = false }: BuildDashboardOptions): Promise<void> {
  return buildRenderer({ repoRoot, quiet, configFile: join(repoRoot, 'server', 'dashboard', 'vite.config.mts'), ...(outDir ? { outDir } : {}) });
}
