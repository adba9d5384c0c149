import { createHash } from 'node:crypto';
import type { UpdateManifest } from '../../../shared/updates/manifest';
import type { UpdateFiles } from './updateFiles';

export async function sha256OfFile(files: UpdateFiles, path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of files.readChunks(path)) hash.update(chunk);
  return hash.digest('hex');
}

export type VerificationResult = { ok: true } | { ok: false; reason: 'SIZE_MISMATCH' | 'CHECKSUM_MISMATCH'; actual: string | number | null };

/**
 * The whole file against the manifest, every time before it is installed (not only after the
 * download: the file sat on disk for hours). A file that does not match is deleted, so nothing can
 * install it later; the next check downloads it again from the start.
 */
export async function verifyUpdateFile(files: UpdateFiles, path: string, manifest: Pick<UpdateManifest, 'size' | 'sha256'>): Promise<VerificationResult> {
  const size = await files.size(path);
  if (size !== manifest.size) {
    await files.remove(path);
    return { ok: false, reason: 'SIZE_MISMATCH', actual: size };
  }
  const actual = await sha256OfFile(files, path);
  if (actual !== manifest.sha256) {
    await files.remove(path);
    return { ok: false, reason: 'CHECKSUM_MISMATCH', actual };
  }
  return { ok: true };
}
