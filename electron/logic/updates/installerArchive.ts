import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { updateManifestSchema, type UpdateFormat, type UpdateManifest } from '../../../shared/updates/manifest';
import { compareSemver } from '../../../shared/updates/semver';
import { writeFileAndSync } from '../durableFile';
import { readyPathOf } from './resumableDownload';
import { nodeUpdateFiles, type UpdateFiles } from './updateFiles';
import { verifyUpdateFile } from './verifyUpdate';

/**
 * Installers kept in userData/updates for going back without a network: the running version's
 * (it becomes the "previous installer" of the next update) and the one before it. Each download
 * folder (<id>/, see resumableDownload) gets a sidecar with its manifest once the file is verified,
 * so a later start knows which version a file installs. Folders without a sidecar are downloads
 * still under way (kept, they resume after a restart or power cut).
 */

/** A leading dot: updateFileNameSchema forbids it, so no installer can be named like the sidecar. */
export const MANIFEST_SIDECAR = '.manifest.json';

/** The file operations of the update store: UpdateFiles plus folders and small text files. */
export interface UpdateStoreFiles extends UpdateFiles {
  /** Names in a folder; [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** null when there is no such file. */
  readText(path: string): Promise<string | null>;
  /** Written to a temp file, flushed, then renamed: a power cut leaves the old or the new file. */
  writeTextDurably(path: string, text: string): Promise<void>;
  removeTree(path: string): Promise<void>;
}

export function sidecarPathOf(dir: string, manifest: Pick<UpdateManifest, 'id'>): string {
  return join(dir, manifest.id, MANIFEST_SIDECAR);
}

/** Records which version a verified download installs; called when it is ready and again before installing. */
export async function recordVerifiedInstaller(files: UpdateStoreFiles, dir: string, manifest: UpdateManifest): Promise<void> {
  await files.writeTextDurably(sidecarPathOf(dir, manifest), `${JSON.stringify(updateManifestSchema.parse(manifest))}\n`);
}

interface KeptInstaller {
  manifest: UpdateManifest;
  folder: string;
}

async function readKept(files: UpdateStoreFiles, dir: string): Promise<{ kept: KeptInstaller[]; unreadable: string[] }> {
  const kept: KeptInstaller[] = [];
  const unreadable: string[] = [];
  for (const name of await files.list(dir)) {
    const folder = join(dir, name);
    const text = await files.readText(join(folder, MANIFEST_SIDECAR));
    if (text === null) continue;
    let parsed: ReturnType<typeof updateManifestSchema.safeParse>;
    try {
      parsed = updateManifestSchema.safeParse(JSON.parse(text));
    } catch {
      unreadable.push(folder);
      continue;
    }
    // A sidecar whose id is not its folder's was not written by us: not trusted as an installer.
    if (parsed.success && parsed.data.id === name) kept.push({ manifest: parsed.data, folder });
    else unreadable.push(folder);
  }
  return { kept, unreadable };
}

export interface ArchiveInput {
  files: UpdateStoreFiles;
  /** userData/updates */
  dir: string;
  running: string;
  format: UpdateFormat;
  /** Download folders (ids) the update loop is using right now: never deleted. */
  inUse?: readonly string[];
  /** Versions that failed to start here: a newer installer is kept (the next check finds it ready) unless refused. */
  refused?: readonly string[];
  log?(message: string): void;
}

export interface ArchiveResult {
  /** The running version's verified installer, for the next update's rollback; null when none. */
  currentInstaller: string | null;
  /** The newest kept version below the running one (the rollback target of the next update's predecessor). */
  previousInstaller: string | null;
  removed: string[];
}

/**
 * Finds the running version's installer (verified again: it sat on disk) and deletes every
 * recorded installer except it, the newest one older than it, and newer ones not refused (downloaded,
 * waiting for the night): disk use stays at about three installers.
 */
export async function archiveInstallers(input: ArchiveInput): Promise<ArchiveResult> {
  const { files, dir } = input;
  const { kept, unreadable } = await readKept(files, dir);
  const mine = kept.filter((entry) => entry.manifest.format === input.format);
  let current: KeptInstaller | null = null;
  for (const entry of mine.filter((candidate) => candidate.manifest.version === input.running)) {
    const path = readyPathOf(dir, entry.manifest);
    if ((await verifyUpdateFile(files, path, entry.manifest)).ok) {
      current = entry;
      break;
    }
  }
  let previous: KeptInstaller | null = null;
  for (const entry of mine) {
    if (compareSemver(entry.manifest.version, input.running) >= 0) continue;
    if (previous === null || compareSemver(entry.manifest.version, previous.manifest.version) > 0) previous = entry;
  }
  if (previous !== null && (await files.size(readyPathOf(dir, previous.manifest))) === null) previous = null;

  const waiting = mine.filter((entry) => compareSemver(entry.manifest.version, input.running) > 0 && !(input.refused ?? []).includes(entry.manifest.version));
  const keep = new Set([current?.folder, previous?.folder, ...waiting.map((entry) => entry.folder), ...(input.inUse ?? []).map((id) => join(dir, id))]);
  const removed: string[] = [];
  for (const folder of [...kept.map((entry) => entry.folder), ...unreadable]) {
    if (keep.has(folder)) continue;
    await files.removeTree(folder);
    removed.push(folder);
  }
  if (removed.length > 0) input.log?.(`removed ${removed.length} old update installer(s)`);
  return {
    currentInstaller: current === null ? null : readyPathOf(dir, current.manifest),
    previousInstaller: previous === null ? null : readyPathOf(dir, previous.manifest),
    removed,
  };
}

export const nodeUpdateStoreFiles: UpdateStoreFiles = {
  ...nodeUpdateFiles,
  list: async (dir) => {
    try {
      return await readdir(dir);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return [];
      throw error;
    }
  },
  readText: async (path) => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw error;
    }
  },
  writeTextDurably: async (path, text) => {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp`;
    await writeFileAndSync(temp, text);
    await rename(temp, path);
  },
  removeTree: (path) => rm(path, { recursive: true, force: true }),
};

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
