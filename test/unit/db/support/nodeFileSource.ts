import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CountyFileMissingError } from '../../../../renderer/src/db/import/importError';
import type { CountyDataSource } from '../../../../renderer/src/db/import/source';

function missingOr(file: string, error: unknown): unknown {
  return (error as { code?: unknown }).code === 'ENOENT' ? new CountyFileMissingError(file) : error;
}

/** A county file set in a folder, as the generator writes it; the CSV is streamed from disk. */
export function createNodeFileSource(dir: string): CountyDataSource {
  return {
    label: dir,
    readText: (file) => readFile(join(dir, file), 'utf8').catch((error: unknown) => Promise.reject(missingOr(file, error))),
    streamText: (file) => ({
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of createReadStream(join(dir, file), { encoding: 'utf8', highWaterMark: 16 * 1024 })) yield chunk as string;
        } catch (error) {
          throw missingOr(file, error);
        }
      },
    }),
  };
}
