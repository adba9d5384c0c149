import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { userDataFolder, type DatabaseTarget } from '../../config';

/** Largest upload accepted: a county's full list is far below this even as an uncompressed CSV. */
export const MAX_FUND_UPLOAD_BYTES = 512 * 1024 * 1024;
/** An upload not published within this is removed, file and preview. */
export const FUND_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** `<24 hex>.upload`: anything else in the folder is not ours and is left alone. */
const STORED_NAME_PATTERN = /^[0-9a-f]{24}\.upload$/;

export class UploadTooLargeError extends Error {
  override name = 'UploadTooLargeError';
}

/**
 * Where uploaded lists wait for publication: the configured folder, else fund-uploads beside the
 * SQLite file, else (PostgreSQL) fund-uploads in the user's data folder. Several server instances
 * on PostgreSQL must share it (FUND_UPLOAD_DIR on a shared disk) for preview and publish to reach
 * the same file.
 */
export function resolveFundUploadDir(database: DatabaseTarget, configured?: string): string {
  if (configured !== undefined) return configured;
  if (database.kind === 'sqlite' && database.file !== ':memory:') return join(dirname(database.file), 'fund-uploads');
  return join(userDataFolder(), 'fund-uploads');
}

export function newUploadId(): string {
  return randomBytes(12).toString('hex');
}

export function storedPath(dir: string, storedName: string): string {
  if (!STORED_NAME_PATTERN.test(storedName)) throw new RangeError(`not a stored upload name: ${storedName}`);
  return join(dir, storedName);
}

/** Streams a body to `<dir>/<id>.upload`, refusing (and removing) it past `maxBytes`. Returns its name and size. */
export async function saveUpload(dir: string, id: string, body: Readable, maxBytes = MAX_FUND_UPLOAD_BYTES): Promise<{ storedName: string; size: number }> {
  await mkdir(dir, { recursive: true });
  const storedName = `${id}.upload`;
  const path = storedPath(dir, storedName);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(new UploadTooLargeError(`the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { storedName, size };
}

export async function removeUpload(dir: string, storedName: string): Promise<void> {
  await rm(storedPath(dir, storedName), { force: true });
}

/** Stored uploads not in `known` and last written before `olderThanMs` (epoch ms). */
export async function listOrphanUploads(dir: string, known: ReadonlySet<string>, olderThanMs: number): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const orphans: string[] = [];
  for (const name of names) {
    if (!STORED_NAME_PATTERN.test(name) || known.has(name)) continue;
    const info = await stat(join(dir, name)).catch(() => null);
    if (info !== null && info.mtimeMs < olderThanMs) orphans.push(name);
  }
  return orphans;
}
