import { resolve } from 'node:path';
import type { DatabaseHandle } from '../db/connection';
import { publishUpdateFolder, type PublishUpdateResult } from '../services/updates/publishUpdate';

export interface PublishUpdateCommandOptions {
  dir: string;
  version: string | undefined;
  minVersion: string | undefined;
  updateDir: string;
  json: boolean;
}

/**
 * `publish-update DIR [--version V] [--min-version V] [--json]`: publishes the installers in DIR
 * (see services/updates/publishUpdate.ts for what is derived from what). Kiosks see the new
 * version on their next check; nothing is pushed to them.
 */
export async function publishUpdateCommand(
  options: PublishUpdateCommandOptions,
  openDb: () => Promise<DatabaseHandle>,
  out: (line: string) => void,
): Promise<PublishUpdateResult> {
  const handle = await openDb();
  try {
    const result = await publishUpdateFolder(handle.db, {
      dir: resolve(options.dir),
      version: options.version,
      minVersion: options.minVersion,
      updateDir: options.updateDir,
      now: new Date(),
    });
    if (options.json) out(JSON.stringify(result));
    else {
      for (const m of result.published) out(`published ${m.version} ${m.platform}/${m.arch}/${m.format}: ${m.fileName} (${m.size} bytes, sha256 ${m.sha256})`);
      for (const m of result.unchanged) out(`already published ${m.version} ${m.platform}/${m.arch}/${m.format}: ${m.fileName} (same bytes)`);
      if (result.skipped.length > 0) out(`skipped (not an installer): ${result.skipped.join(', ')}`);
    }
    return result;
  } finally {
    await handle.close();
  }
}
