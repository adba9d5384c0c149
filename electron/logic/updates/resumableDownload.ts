import { join } from 'node:path';
import { KIOSK_VERSION_HEADER } from '../../../shared/dashboard/devices';
import { UPDATE_SHA256_HEADER, type UpdateManifest } from '../../../shared/updates/manifest';
import { updateFileUrl } from './countyOrigin';
import type { UpdateFiles, UpdateFileWriter } from './updateFiles';
import { verifyUpdateFile } from './verifyUpdate';

/**
 * Downloads an update in the background over a link that drops: the bytes so far stay in a
 * `.partial` file, and the next attempt asks only for the rest (Range from the partial's size,
 * If-Range on the file's SHA-256 so a changed file is sent whole). A server that ignores Range
 * (200) starts the file over; a Content-Range that does not continue the partial starts it over
 * too. Only a file whose SHA-256 matches the manifest is ever renamed to its ready name.
 */

export interface DownloadUpdateOptions {
  fetch: typeof fetch;
  files: UpdateFiles;
  /** The enrolled county (canonical URL from the credential store); the only place asked. */
  countyUrl: string;
  token: string;
  manifest: UpdateManifest;
  /** Where downloads live, e.g. userData/updates. */
  dir: string;
  kioskVersion?: string | undefined;
  signal?: AbortSignal | undefined;
}

export type DownloadUpdateResult =
  | { kind: 'ready'; path: string }
  /** The whole file arrived but is not the manifest's: deleted, never installed. */
  | { kind: 'rejected'; reason: 'CHECKSUM_MISMATCH' | 'SIZE_MISMATCH' | 'SERVER_FILE_CHANGED' }
  /** Try again later (offline, timeout, 5xx); the partial file is kept for resuming. */
  | { kind: 'interrupted'; reason: string; bytes: number }
  /** The county refused (401 revoked, 404 withdrawn): retrying the same will not help. */
  | { kind: 'refused'; status: number };

export function readyPathOf(dir: string, manifest: Pick<UpdateManifest, 'id' | 'fileName'>): string {
  return join(dir, manifest.id, manifest.fileName);
}

export function partialPathOf(dir: string, manifest: Pick<UpdateManifest, 'id' | 'fileName'>): string {
  return `${readyPathOf(dir, manifest)}.partial`;
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

export async function downloadUpdate(options: DownloadUpdateOptions): Promise<DownloadUpdateResult> {
  const { files, manifest } = options;
  const readyPath = readyPathOf(options.dir, manifest);
  const partialPath = partialPathOf(options.dir, manifest);

  if ((await files.size(readyPath)) !== null) {
    const verified = await verifyUpdateFile(files, readyPath, manifest);
    if (verified.ok) return { kind: 'ready', path: readyPath };
  }
  const url = updateFileUrl(options.countyUrl, manifest.id);

  // Two rounds at most: the second is a clean start after the server did not continue our partial.
  for (let round = 0; round < 2; round++) {
    let offset = (await files.size(partialPath)) ?? 0;
    if (offset > manifest.size) {
      await files.remove(partialPath);
      offset = 0;
    }
    if (offset < manifest.size) {
      const step = await fetchRest(options, url, partialPath, offset);
      if (step.kind === 'restart') {
        await files.remove(partialPath);
        continue;
      }
      if (step.kind !== 'complete') return step.result;
    }
    const verified = await verifyUpdateFile(files, partialPath, manifest);
    if (!verified.ok) return { kind: 'rejected', reason: verified.reason };
    await files.rename(partialPath, readyPath);
    return { kind: 'ready', path: readyPath };
  }
  return { kind: 'interrupted', reason: 'the county did not continue the download where it stopped', bytes: 0 };
}

type FetchStep = { kind: 'complete' } | { kind: 'restart' } | { kind: 'done'; result: DownloadUpdateResult };

async function fetchRest(options: DownloadUpdateOptions, url: string, partialPath: string, offset: number): Promise<FetchStep> {
  const { manifest, files } = options;
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.kioskVersion !== undefined) headers[KIOSK_VERSION_HEADER] = options.kioskVersion;
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    headers['if-range'] = `"${manifest.sha256}"`;
  }
  let response: Response;
  try {
    // No redirects: a 3xx could lead away from the county.
    response = await options.fetch(url, { headers, redirect: 'error', ...(options.signal === undefined ? {} : { signal: options.signal }) });
  } catch (error) {
    return { kind: 'done', result: { kind: 'interrupted', reason: describe(error), bytes: offset } };
  }
  if (response.status === 416) {
    await response.body?.cancel();
    return { kind: 'restart' };
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    return { kind: 'done', result: retryable ? { kind: 'interrupted', reason: `the county answered ${response.status}`, bytes: offset } : { kind: 'refused', status: response.status } };
  }
  const served = response.headers.get(UPDATE_SHA256_HEADER);
  if (served !== null && served !== manifest.sha256) {
    // The county replaced the file since the manifest was read: check again rather than mix bytes.
    await response.body?.cancel();
    await files.remove(partialPath);
    return { kind: 'done', result: { kind: 'rejected', reason: 'SERVER_FILE_CHANGED' } };
  }
  let start = 0;
  if (response.status === 206) {
    const match = CONTENT_RANGE.exec(response.headers.get('content-range') ?? '');
    if (match === null || Number(match[1]) !== offset || Number(match[3]) !== manifest.size) {
      await response.body?.cancel();
      return { kind: 'restart' };
    }
    start = offset;
  }
  // 200: the server ignored Range (or If-Range did not match): the body is the whole file.
  const writer = await files.openWriter(partialPath, { truncate: start === 0 });
  let written = start;
  try {
    if (response.body === null) throw new Error('the county sent no body');
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      written += value.byteLength;
      if (written > manifest.size) {
        await reader.cancel();
        await writer.close();
        await files.remove(partialPath);
        return { kind: 'done', result: { kind: 'rejected', reason: 'SIZE_MISMATCH' } };
      }
      await writer.write(value);
    }
  } catch (error) {
    await writer.close();
    return { kind: 'done', result: { kind: 'interrupted', reason: describe(error), bytes: written } };
  }
  await writer.close();
  if (written < manifest.size) return { kind: 'done', result: { kind: 'interrupted', reason: 'the connection ended early', bytes: written } };
  return { kind: 'complete' };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
