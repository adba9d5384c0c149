import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { updateIdSchema } from '../../../../shared/updates/manifest';
import { userDataFolder, type DatabaseTarget } from '../../config';

/**
 * The county's folder of published update files, named `<id>.update` so nothing a person drops
 * there is ever served. Several server instances on PostgreSQL must share it (UPDATE_DIR on a
 * shared disk), like the fund upload folder.
 */
export function resolveUpdateDir(database: DatabaseTarget, configured?: string): string {
  if (configured !== undefined) return configured;
  if (database.kind === 'sqlite' && database.file !== ':memory:') return join(dirname(database.file), 'updates');
  return join(userDataFolder(), 'updates');
}

export function newUpdateId(): string {
  return randomBytes(12).toString('hex');
}

export function storedUpdatePath(dir: string, id: string): string {
  return join(dir, `${updateIdSchema.parse(id)}.update`);
}

export interface StoredUpdateFile {
  size: number;
  sha256: string;
}

/**
 * Copies a file into the store and hashes the bytes as they are written, so the published
 * checksum is that of the stored copy even if the source changes meanwhile. Written under a
 * temporary name and renamed: a crash never leaves a half file under a served name.
 */
export async function copyIntoStore(dir: string, id: string, source: string): Promise<StoredUpdateFile> {
  await mkdir(dir, { recursive: true });
  const target = storedUpdatePath(dir, id);
  const temporary = `${target}.partial`;
  const hash = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), hashing, createWriteStream(temporary, { flags: 'wx' }));
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { size, sha256: hash.digest('hex') };
}

export async function removeStoredUpdate(dir: string, id: string): Promise<void> {
  await rm(storedUpdatePath(dir, id), { force: true });
}
