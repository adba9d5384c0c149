import { readFile, stat, writeFile } from 'node:fs/promises';
import type { FileSystem } from './fileTransfer';

/** The real file system behind saveFile / openFile. */
export const nodeFileSystem: FileSystem = {
  writeFile: (path, data) => writeFile(path, data),
  fileSize: async (path) => (await stat(path)).size,
  readFile: async (path) => new Uint8Array(await readFile(path)),
};
