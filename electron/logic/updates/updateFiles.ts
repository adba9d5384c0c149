import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The file operations the update download and verification need, passed in so the logic is tested
 * against a temp folder (or a fake) and main supplies the real one.
 */
export interface UpdateFileWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes to disk and closes: a power cut after close leaves the bytes written so far. */
  close(): Promise<void>;
}

export interface UpdateFiles {
  /** Size in bytes; null when there is no such file. */
  size(path: string): Promise<number | null>;
  /** Opens for appending (creating folders), or from empty when `truncate`. */
  openWriter(path: string, options: { truncate: boolean }): Promise<UpdateFileWriter>;
  readChunks(path: string): AsyncIterable<Uint8Array>;
  rename(from: string, to: string): Promise<void>;
  /** No error when it is already gone. */
  remove(path: string): Promise<void>;
}

export const nodeUpdateFiles: UpdateFiles = {
  size: async (path) => {
    try {
      return (await stat(path)).size;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'ENOENT') return null;
      throw error;
    }
  },
  openWriter: async (path, options) => {
    await mkdir(dirname(path), { recursive: true });
    const handle: FileHandle = await open(path, options.truncate ? 'w' : 'a');
    return {
      write: async (chunk) => {
        await handle.write(chunk);
      },
      close: async () => {
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      },
    };
  },
  readChunks: (path) => createReadStream(path),
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};
