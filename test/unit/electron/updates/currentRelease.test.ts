import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateManifest } from '../../../../shared/updates/manifest';
import { fetchCurrentRelease } from '../../../../electron/logic/updates/currentRelease';

const TOKEN = 'E'.repeat(43);
const KIOSK = { version: '1.1.0', platform: 'win32', arch: 'x64' } as const;

function manifest(overrides: Partial<UpdateManifest>): UpdateManifest {
  return {
    id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    version: '1.1.0',
    platform: 'win32',
    arch: 'x64',
    format: 'nsis',
    fileName: 'village-kiosk-1.1.0-win-x64.exe',
    size: 10,
    sha256: 'a'.repeat(64),
    publishedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}

describe("fetching the running version's own release from the county (real HTTP)", () => {
  let answer: { status: number; body?: unknown } = { status: 404 };
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(`${request.headers.authorization ?? ''} ${request.url ?? ''}`);
    // Followed, the redirect would find a perfectly good manifest: only refusing to follow keeps it out.
    if (request.url === '/elsewhere') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ update: manifest({}) }));
    if (answer.status === 302) return void response.writeHead(302, { location: `${countyUrl}/elsewhere` }).end();
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  let countyUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    countyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ask = () => fetchCurrentRelease({ fetch, countyUrl, token: TOKEN, kiosk: KIOSK });

  it('asks the release route for exactly this version, platform and default format, with the device token', async () => {
    answer = { status: 200, body: { update: manifest({}) } };
    expect(await ask()).toEqual({ kind: 'found', manifest: manifest({}) });
    expect(seen.at(-1)).toBe(`Bearer ${TOKEN} /api/v1/updates/release?platform=win32&arch=x64&version=1.1.0&format=nsis`);
  });

  it('refuses a manifest for any other version or build, since going back to it would install what never ran here', async () => {
    for (const other of [{ version: '1.2.0' }, { arch: 'arm64' as const }, { platform: 'linux' as const, format: 'deb' as const }]) {
      answer = { status: 200, body: { update: manifest(other) } };
      expect((await ask()).kind).toBe('refuse');
    }
    answer = { status: 200, body: { update: { version: '1.1.0' } } };
    expect(await ask()).toEqual({ kind: 'refuse', reason: 'the county answered something that is not an update manifest' });
  });

  it('tells "never published" (404) from a refusal (401) and from no answer at all', async () => {
    answer = { status: 404, body: { error: { code: 'UPDATE_NOT_FOUND', message: 'no' } } };
    expect(await ask()).toEqual({ kind: 'unpublished' });
    answer = { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'revoked' } } };
    expect(await ask()).toEqual({ kind: 'refuse', reason: 'the county answered 401' });
    const offline = await fetchCurrentRelease({ fetch, countyUrl: 'http://127.0.0.1:9', token: TOKEN, kiosk: KIOSK });
    expect(offline.kind).toBe('offline');
  });

  it('never follows a redirect away from the county (the same GET serves the update check)', async () => {
    answer = { status: 302 };
    const before = seen.length;
    expect((await ask()).kind).toBe('offline');
    expect(seen.length).toBe(before + 1);
  });
});
