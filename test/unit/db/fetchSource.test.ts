import { describe, expect, it } from 'vitest';
import { createFetchSource } from '../../../renderer/src/db/import/fetchSource';
import { CountyFileMissingError } from '../../../renderer/src/db/import/importError';
import { fakeFetch } from './support/fakeFetch';

const BASE = 'http://127.0.0.1:4173/demo/';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('createFetchSource', () => {
  const text = '序号,年度,补贴项目\r\n1,2024,耕地地力保护补贴\r\n'.repeat(20);

  it('streams text decoded across chunks that split characters, and reads whole files', async () => {
    const { fetch, requested } = fakeFetch(BASE, { 'disbursements.csv': text, 'county.json': '{"name":"示范县"}' }, 5);
    const source = createFetchSource(BASE.slice(0, -1), fetch);
    const chunks = await collect(source.streamText('disbursements.csv'));
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join('')).toBe(text);
    expect(await source.readText('county.json')).toBe('{"name":"示范县"}');
    expect(requested).toEqual([`${BASE}disbursements.csv`, `${BASE}county.json`]);
    expect(source.label).toBe(BASE);
  });

  it('says a file is missing on 404 and gives the status otherwise', async () => {
    const source = createFetchSource(BASE, fakeFetch(BASE, {}).fetch);
    await expect(source.readText('holidays.json')).rejects.toBeInstanceOf(CountyFileMissingError);
    await expect(collect(source.streamText('disbursements.csv'))).rejects.toBeInstanceOf(CountyFileMissingError);
    const elsewhere = createFetchSource('http://127.0.0.1:9/other/', fakeFetch(BASE, {}).fetch);
    await expect(elsewhere.readText('county.json')).rejects.toThrow('HTTP 403 Forbidden');
  });

  it('stops the download when the reader stops early', async () => {
    let cancelled = false;
    const fetchImpl = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull: (c) => c.enqueue(new TextEncoder().encode('a,b\r\n')),
          cancel: () => {
            cancelled = true;
          },
        }),
      )) as unknown as typeof fetch;
    const source = createFetchSource(BASE, fetchImpl);
    for await (const chunk of source.streamText('disbursements.csv')) {
      expect(chunk).toBe('a,b\r\n');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
