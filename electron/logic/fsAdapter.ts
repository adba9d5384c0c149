import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileSystem } from './fileTransfer';
import type { CredentialFiles } from './syncCredentialStore';

/** The real file system behind saveFile / openFile. */
export const nodeFileSystem: FileSystem = {
  writeFile: (path, data) => writeFile(path, data),
  fileSize: async (path) => (await stat(path)).size,
  readFile: async (path) => new Uint8Array(await readFile(path)),
};

/** The real file system behind the sync credential store. */
export const nodeCredentialFiles: CredentialFiles = {
  readFile: async (path) => {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  },
  writeFileDurably: async (path, data) => {
    await mkdir(dirname(path), { recursive: true });
    // 0o600: other accounts on the kiosk PC cannot even read the (encrypted) token file.
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.writeFile(data);
      // Flushed before the rename, or a power cut could leave the new name on empty contents.
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  remove: async (path) => {
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  },
};

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
