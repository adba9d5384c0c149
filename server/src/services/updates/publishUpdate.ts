import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import {
  updateFileNameSchema,
  updateManifestSchema,
  type UpdateArch,
  type UpdateFormat,
  type UpdateManifest,
  type UpdatePlatform,
} from '../../../../shared/updates/manifest';
import { semverSchema } from '../../../../shared/updates/semver';
import type { Database } from '../../db/schema';
import { copyIntoStore, newUpdateId, removeStoredUpdate } from './updateStore';
import { findUpdateByTargetVersion, insertUpdate } from './updateRows';

/**
 * `publish-update DIR`: DIR is electron-builder's output folder (or any folder holding its
 * installers). No manifest file is needed — every fact is derived, so a technician cannot get one
 * wrong: the platform and format from the extension (.exe → win32/nsis, .deb → linux/deb,
 * .AppImage → linux/appimage), the architecture from the name (arm64/aarch64, else x64: the only
 * other architecture built), the version from the name (the one X.Y.Z in it; all files must
 * agree) unless --version gives it, the size and SHA-256 from the bytes as they are copied into
 * the updates folder. Everything else in DIR (blockmaps, latest*.yml, unpacked folders) is skipped
 * and listed.
 */

export class UpdatePublishError extends Error {
  override name = 'UpdatePublishError';
}

const FORMAT_BY_EXTENSION: Array<{ pattern: RegExp; platform: UpdatePlatform; format: UpdateFormat }> = [
  { pattern: /\.exe$/i, platform: 'win32', format: 'nsis' },
  { pattern: /\.deb$/i, platform: 'linux', format: 'deb' },
  { pattern: /\.appimage$/i, platform: 'linux', format: 'appimage' },
];

export interface ClassifiedFile {
  fileName: string;
  platform: UpdatePlatform;
  arch: UpdateArch;
  format: UpdateFormat;
  /** The X.Y.Z found in the name; null when there is none or more than one. */
  versionInName: string | null;
}

/** null: not an installer this command publishes. Pure, for tests. */
export function classifyInstallerName(fileName: string): ClassifiedFile | null {
  const kind = FORMAT_BY_EXTENSION.find((entry) => entry.pattern.test(fileName));
  if (kind === undefined) return null;
  // Tokens split on the separators electron-builder uses (space, -, _, .) so "arm64" is not found inside another word.
  const tokens = fileName.toLowerCase().split(/[\s_.-]+/);
  const arch: UpdateArch = tokens.includes('arm64') || tokens.includes('aarch64') ? 'arm64' : 'x64';
  return { fileName, platform: kind.platform, arch, format: kind.format, versionInName: versionInName(fileName) };
}

const ARCH_WORDS = new Set(['x64', 'amd64', 'x86_64', 'arm64', 'aarch64', 'ia32', 'armv7l']);

/**
 * The one X.Y.Z in a name. A version followed by "-word" where the word is no architecture
 * ("1.2.0-rc.1") is a pre-release: read as 1.2.0 it would outrank the real 1.2.0's kiosks'
 * view of it, so the name is called ambiguous and --version must say it.
 */
function versionInName(fileName: string): string | null {
  const found = new Set<string>();
  for (const match of fileName.matchAll(/(?<![\d.])(\d+\.\d+\.\d+)(?!\d)(?:-([0-9A-Za-z_]+))?/g)) {
    const suffix = match[2];
    if (suffix !== undefined && !ARCH_WORDS.has(suffix.toLowerCase())) return null;
    found.add(match[1] as string);
  }
  const [only] = found;
  return found.size === 1 && only !== undefined ? only : null;
}

export interface PublishUpdateOptions {
  dir: string;
  /** Overrides the version in the file names (needed for a pre-release such as 1.2.0-rc.1). */
  version?: string | undefined;
  minVersion?: string | undefined;
  updateDir: string;
  now: Date;
}

export interface PublishUpdateResult {
  version: string;
  published: UpdateManifest[];
  /** Same version, same target and same bytes as a file already published: nothing to do. */
  unchanged: UpdateManifest[];
  skipped: string[];
}

export async function publishUpdateFolder(db: Kysely<Database>, options: PublishUpdateOptions): Promise<PublishUpdateResult> {
  const entries = await readdir(options.dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new UpdatePublishError(`cannot read ${options.dir}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const skipped: string[] = [];
  const installers: ClassifiedFile[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const classified = entry.isFile() ? classifyInstallerName(entry.name) : null;
    if (classified === null) skipped.push(entry.name);
    else installers.push(classified);
  }
  if (installers.length === 0) throw new UpdatePublishError(`${options.dir} holds no installer (.exe, .deb or .AppImage)`);
  const version = resolveVersion(installers, options.version);
  const minVersion = options.minVersion === undefined ? undefined : semverSchema.parse(options.minVersion);
  for (const file of installers) {
    const named = updateFileNameSchema.safeParse(file.fileName);
    if (!named.success) throw new UpdatePublishError(`${file.fileName}: ${named.error.issues[0]?.message ?? 'bad file name'}; rename it`);
  }
  const seen = new Set<string>();
  for (const file of installers) {
    const key = `${file.platform}/${file.arch}/${file.format}`;
    if (seen.has(key)) throw new UpdatePublishError(`two files for ${key} in ${options.dir}; keep one`);
    seen.add(key);
  }

  const published: UpdateManifest[] = [];
  const unchanged: UpdateManifest[] = [];
  for (const file of installers) {
    const source = join(options.dir, file.fileName);
    if ((await stat(source)).size === 0) throw new UpdatePublishError(`${file.fileName} is empty`);
    const id = newUpdateId();
    const stored = await copyIntoStore(options.updateDir, id, source);
    const manifest = updateManifestSchema.parse({
      id,
      version,
      platform: file.platform,
      arch: file.arch,
      format: file.format,
      fileName: file.fileName,
      size: stored.size,
      sha256: stored.sha256,
      publishedAt: options.now.toISOString(),
      ...(minVersion === undefined ? {} : { minVersion }),
    });
    const existing = await findUpdateByTargetVersion(db, file, version);
    if (existing !== undefined) {
      await removeStoredUpdate(options.updateDir, id);
      if (existing.sha256 === manifest.sha256) {
        unchanged.push(existing);
        continue;
      }
      throw new UpdatePublishError(
        `${version} for ${file.platform}/${file.arch}/${file.format} is already published with other bytes; publish a new version instead (kiosks may hold the old file)`,
      );
    }
    try {
      await insertUpdate(db, manifest);
    } catch (error) {
      await removeStoredUpdate(options.updateDir, id);
      throw error;
    }
    published.push(manifest);
  }
  return { version, published, unchanged, skipped };
}

function resolveVersion(installers: ClassifiedFile[], flag: string | undefined): string {
  if (flag !== undefined) {
    const parsed = semverSchema.safeParse(flag);
    if (!parsed.success) throw new UpdatePublishError(`--version ${flag} is not a semantic version (like 1.4.2)`);
    return parsed.data;
  }
  const versions = new Set(installers.map((file) => file.versionInName));
  const [only] = versions;
  if (versions.size !== 1 || only === null || only === undefined) {
    throw new UpdatePublishError('the installers do not name one version X.Y.Z between them; give it with --version');
  }
  return only;
}
