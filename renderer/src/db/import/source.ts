import { CountyFileMissingError } from './importError';

/** Where the county's published files come from: read whole (small JSON) or streamed (the CSV). */
export interface CountyDataSource {
  readText(file: string): Promise<string>;
  streamText(file: string): AsyncIterable<string>;
  /** Shown in the import record: where the data came from (a URL, a folder). */
  readonly label?: string;
}

/**
 * A source over files held as strings, streamed in chunks of `chunkChars` so that callers see
 * the same chunk boundaries (mid-row, mid-quote) as with a network stream.
 */
export function createTextSource(files: Readonly<Record<string, string>>, options: { chunkChars?: number; label?: string } = {}): CountyDataSource {
  const chunkChars = options.chunkChars ?? 64 * 1024;
  const textOf = (file: string): string => {
    const text = files[file];
    if (text === undefined) throw new CountyFileMissingError(file);
    return text;
  };
  return {
    label: options.label ?? 'memory',
    readText: async (file) => textOf(file),
    streamText: (file) => ({
      async *[Symbol.asyncIterator]() {
        const text = textOf(file);
        for (let at = 0; at < text.length; at += chunkChars) yield text.slice(at, at + chunkChars);
      },
    }),
  };
}
