import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UPDATE_SHA256_HEADER, type UpdateManifest } from '../../../../shared/updates/manifest';
import { downloadUpdate, partialPathOf, readyPathOf } from '../../../../electron/logic/updates/resumableDownload';
import { nodeUpdateFiles } from '../../../../electron/logic/updates/updateFiles';

const TOKEN = 'T'.repeat(43);
const FILE = randomBytes(256 * 1024 + 17);
const SHA = createHash('sha256').update(FILE).digest('hex');
const ID = '0123456789abcdef01234567';

type Mode = 'range' | 'ignore-range' | 'wrong-bytes' | 'bad-content-range' | 'other-sha' | 'redirect' | 'unauthorized';

/**
 * A stand-in county route on node:http, as the real one answers (tested against the real server in
 * server/test/updates.test.ts): bearer token, Range with If-Range on the SHA-256 ETag, the header.
 * Modes reproduce what a weak link or a wrong server does.
 */
class FakeCounty {
  mode: Mode = 'range';
  /** Drop the connection after this many body bytes of the next response. */
  dropAfter: number | null = null;
  redirectTo = '';
  requests: IncomingHttpHeaders[] = [];
  private server: Server = createServer((request, response) => {
    this.requests.push(request.headers);
    if (request.url !== `/api/v1/updates/files/${ID}` || this.mode === 'unauthorized' || request.headers.authorization !== `Bearer ${TOKEN}`) {
      response.writeHead(this.mode === 'unauthorized' ? 401 : 404).end();
      return;
    }
    if (this.mode === 'redirect') {
      response.writeHead(302, { location: this.redirectTo }).end();
      return;
    }
    const body = this.mode === 'wrong-bytes' ? randomBytes(FILE.length) : FILE;
    const headers: Record<string, string | number> = { 'accept-ranges': 'bytes', etag: `"${SHA}"`, [UPDATE_SHA256_HEADER]: this.mode === 'other-sha' ? 'e'.repeat(64) : SHA };
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const ifRangeOk = request.headers['if-range'] === undefined || request.headers['if-range'] === `"${SHA}"`;
    let status = 200;
    let slice = body;
    if (range !== null && ifRangeOk && this.mode !== 'ignore-range') {
      const start = this.mode === 'bad-content-range' ? 0 : Number(range[1]);
      status = 206;
      slice = body.subarray(start);
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    headers['content-length'] = slice.length;
    response.writeHead(status, headers);
    const drop = this.dropAfter;
    this.dropAfter = null;
    if (drop === null) {
      response.end(slice);
      return;
    }
    response.write(slice.subarray(0, drop), () => setTimeout(() => response.destroy(), 20));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const manifest: UpdateManifest = {
  id: ID,
  version: '1.2.0',
  platform: 'linux',
  arch: 'x64',
  format: 'appimage',
  fileName: 'village-kiosk-1.2.0.AppImage',
  size: FILE.length,
  sha256: SHA,
  publishedAt: '2026-11-27T10:00:00.000Z',
};

describe('resumable, verified update download', () => {
  const county = new FakeCounty();
  const elsewhere = new FakeCounty();
  let countyUrl = '';
  let dir = '';
  const download = () => downloadUpdate({ fetch, files: nodeUpdateFiles, countyUrl, token: TOKEN, manifest, dir, kioskVersion: '1.1.0' });

  beforeAll(async () => {
    countyUrl = await county.start();
    county.redirectTo = `${await elsewhere.start()}/api/v1/updates/files/${ID}`;
  });
  afterAll(async () => {
    await county.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-updates-'));
    county.mode = 'range';
    county.requests = [];
    elsewhere.requests = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writePartial(bytes: Buffer): void {
    mkdirSync(dirname(partialPathOf(dir, manifest)), { recursive: true });
    writeFileSync(partialPathOf(dir, manifest), bytes);
  }

  it('downloads the whole file, verifies it and moves it to its ready name', async () => {
    const result = await download();
    expect(result).toEqual({ kind: 'ready', path: readyPathOf(dir, manifest) });
    expect(readFileSync(readyPathOf(dir, manifest)).equals(FILE)).toBe(true);
    expect(existsSync(partialPathOf(dir, manifest))).toBe(false);
    expect(county.requests).toHaveLength(1);
    expect(county.requests[0]?.range).toBeUndefined();
    expect(county.requests[0]?.['x-kiosk-version']).toBe('1.1.0');
    // Already there and still matching: verified again, no second request.
    expect(await download()).toMatchObject({ kind: 'ready' });
    expect(county.requests).toHaveLength(1);
  });

  it('keeps the partial file when the link drops and continues from its size with Range', async () => {
    county.dropAfter = 100_000;
    const first = await download();
    expect(first.kind).toBe('interrupted');
    const kept = statSync(partialPathOf(dir, manifest)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(FILE.length);
    expect(readFileSync(partialPathOf(dir, manifest)).equals(FILE.subarray(0, kept))).toBe(true);

    const second = await download();
    expect(second).toMatchObject({ kind: 'ready' });
    expect(county.requests[1]?.range).toBe(`bytes=${kept}-`);
    expect(county.requests[1]?.['if-range']).toBe(`"${SHA}"`);
    expect(readFileSync(readyPathOf(dir, manifest)).equals(FILE)).toBe(true);
  });

  it('starts over when the server ignores Range and sends the whole file (200)', async () => {
    county.mode = 'ignore-range';
    writePartial(FILE.subarray(0, 5000));
    expect(await download()).toMatchObject({ kind: 'ready' });
    expect(county.requests[0]?.range).toBe('bytes=5000-');
    expect(readFileSync(readyPathOf(dir, manifest)).equals(FILE)).toBe(true);
  });

  it('starts over when the Content-Range does not continue the partial file', async () => {
    county.mode = 'bad-content-range';
    writePartial(FILE.subarray(0, 7000));
    const result = await download();
    // First answer refused, partial deleted, second request without Range gets the whole file.
    expect(result).toMatchObject({ kind: 'ready' });
    expect(county.requests.map((h) => h.range)).toEqual(['bytes=7000-', undefined]);
    expect(readFileSync(readyPathOf(dir, manifest)).equals(FILE)).toBe(true);
  });

  it('deletes a file whose SHA-256 does not match and never marks it ready', async () => {
    county.mode = 'wrong-bytes';
    expect(await download()).toEqual({ kind: 'rejected', reason: 'CHECKSUM_MISMATCH' });
    expect(existsSync(partialPathOf(dir, manifest))).toBe(false);
    expect(existsSync(readyPathOf(dir, manifest))).toBe(false);
  });

  it('a corrupted partial (bytes changed on disk) fails verification after resuming and is deleted', async () => {
    const corrupt = Buffer.from(FILE.subarray(0, 9000));
    corrupt[42] = (corrupt[42] ?? 0) ^ 0xff;
    writePartial(corrupt);
    expect(await download()).toEqual({ kind: 'rejected', reason: 'CHECKSUM_MISMATCH' });
    expect(existsSync(partialPathOf(dir, manifest))).toBe(false);
    // The next attempt starts clean and succeeds.
    expect(await download()).toMatchObject({ kind: 'ready' });
  });

  it('a ready file that no longer matches is deleted and downloaded again', async () => {
    await download();
    writeFileSync(readyPathOf(dir, manifest), randomBytes(FILE.length));
    expect(await download()).toMatchObject({ kind: 'ready' });
    expect(readFileSync(readyPathOf(dir, manifest)).equals(FILE)).toBe(true);
  });

  it('stops when the county now serves other bytes for this id', async () => {
    county.mode = 'other-sha';
    writePartial(FILE.subarray(0, 1000));
    expect(await download()).toEqual({ kind: 'rejected', reason: 'SERVER_FILE_CHANGED' });
    expect(existsSync(partialPathOf(dir, manifest))).toBe(false);
  });

  it('never follows a redirect away from the county', async () => {
    county.mode = 'redirect';
    expect((await download()).kind).toBe('interrupted');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('reports a refusal (revoked device) as not worth retrying', async () => {
    county.mode = 'unauthorized';
    expect(await download()).toEqual({ kind: 'refused', status: 401 });
  });

  it('is interrupted, not failed, when the county cannot be reached', async () => {
    const result = await downloadUpdate({ fetch, files: nodeUpdateFiles, countyUrl: 'http://127.0.0.1:9', token: TOKEN, manifest, dir });
    expect(result).toMatchObject({ kind: 'interrupted', bytes: 0 });
  });
});
