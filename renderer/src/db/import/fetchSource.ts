import type { CountyDataSource } from './source';
import { CountyFileMissingError } from './importError';

/** Reads the county's files relative to a base URL; the CSV is decoded as it arrives, never held whole. */
export function createFetchSource(baseUrl: string, fetchImpl: typeof fetch = fetch): CountyDataSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;

  async function open(file: string): Promise<Response> {
    const response = await fetchImpl(new URL(file, base).href, { cache: 'no-store' });
    if (response.status === 404) throw new CountyFileMissingError(file);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    return response;
  }

  return {
    label: base,
    readText: async (file) => (await open(file)).text(),
    streamText: (file) => ({
      async *[Symbol.asyncIterator]() {
        const response = await open(file);
        if (!response.body) {
          yield await response.text();
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        } finally {
          // Stops the download when the consumer stops early (a bad row found in the middle).
          await reader.cancel().catch(() => undefined);
        }
      },
    }),
  };
}
