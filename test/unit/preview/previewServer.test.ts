import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_CSP } from '../../../electron/logic/csp';
import { acceptsGzip, PREVIEW_CSP, startPreviewServer, type PreviewServer } from '../../../scripts/lib/previewServer';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** node:http rather than fetch: fetch normalises "..", "%2e%2e" and "\" before sending, hiding what an attacker can send. */
function rawRequest(port: number, path: string, init: { method?: string; headers?: Record<string, string>; agent?: Agent } = {}): Promise<RawResponse> {
  return new Promise((resolveResponse, rejectResponse) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers, agent: init.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', rejectResponse);
    });
    req.on('error', rejectResponse);
    req.end();
  });
}

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOTS';
const INDEX_HTML = '<!doctype html><html lang="zh-CN"><head><title>kiosk</title></head><body><h1>村务公开</h1></body></html>';
const APP_JS = 'console.log("kiosk app");\n'.repeat(50);
const CSV = '序号,年度\r\n1,2024\r\n'.repeat(40);

let root: string;
let server: PreviewServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'preview-server-'));
  const renderer = join(root, 'renderer');
  const demo = join(root, 'demo');
  await mkdir(join(renderer, 'assets', 'nested'), { recursive: true });
  await mkdir(demo, { recursive: true });
  await writeFile(join(root, 'secret.txt'), SECRET);
  await writeFile(join(renderer, 'index.html'), INDEX_HTML);
  await writeFile(join(renderer, 'assets', 'index-abc123.js'), APP_JS);
  await writeFile(join(renderer, 'assets', 'worker-1.mjs'), 'export {};');
  await writeFile(join(renderer, 'assets', 'index-abc123.css'), 'body{font-size:20px}');
  await writeFile(join(renderer, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(renderer, 'assets', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(join(renderer, 'assets', 'font.woff2'), Buffer.from('wOF2'));
  await writeFile(join(renderer, 'assets', 'module.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await writeFile(join(renderer, 'assets', 'blob.bin'), Buffer.from([1, 2, 3]));
  await writeFile(join(renderer, '.env'), SECRET);
  await symlink(join(root, 'secret.txt'), join(renderer, 'escape.txt'));
  await writeFile(join(demo, 'manifest.json'), '{"format":1}');
  await writeFile(join(demo, 'disbursements.csv'), CSV);
  server = await startPreviewServer({ port: 0, rendererDir: renderer, demoDir: demo });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('startPreviewServer', () => {
  it('listens on 127.0.0.1 on a free port when asked for port 0', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves index.html at / with the security headers and revalidation', async () => {
    const res = await rawRequest(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(PREVIEW_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('uses the same CSP as the Electron window', () => {
    expect(PREVIEW_CSP).toBe(KIOSK_CSP);
    expect(PREVIEW_CSP).toContain("script-src 'self';");
    expect(PREVIEW_CSP).toContain("form-action 'none'");
  });

  it('gives hashed assets a long immutable cache', async () => {
    const res = await rawRequest(server.port, '/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(APP_JS);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8'],
    ['/assets/worker-1.mjs', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/logo.png', 'image/png'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/assets/module.wasm', 'application/wasm'],
    ['/assets/blob.bin', 'application/octet-stream'],
    ['/demo/manifest.json', 'application/json; charset=utf-8'],
    ['/demo/disbursements.csv', 'text/csv; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await rawRequest(server.port, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('serves demo files without caching and the query string does not matter', async () => {
    const res = await rawRequest(server.port, '/demo/manifest.json?v=2');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('{"format":1}');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('gzips text when the client accepts it, and the body unzips to the file', async () => {
    const res = await rawRequest(server.port, '/demo/disbursements.csv', { headers: { 'Accept-Encoding': 'br, gzip, deflate' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.body.length).toBeLessThan(Buffer.byteLength(CSV));
    expect(gunzipSync(res.body).toString()).toBe(CSV);
  });

  it('sends text plain with a length when gzip is not accepted or refused', async () => {
    for (const headers of [{} as Record<string, string>, { 'Accept-Encoding': 'gzip;q=0, deflate' }, { 'Accept-Encoding': 'identity' }]) {
      const res = await rawRequest(server.port, '/assets/index-abc123.js', { headers });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
      expect(res.body.toString()).toBe(APP_JS);
    }
  });

  it('does not gzip binary formats', async () => {
    const res = await rawRequest(server.port, '/assets/logo.png', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect([...res.body]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('answers HEAD with headers only', async () => {
    const res = await rawRequest(server.port, '/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
    expect(res.body.length).toBe(0);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('refuses %s with 405 and Allow', async (method) => {
    const res = await rawRequest(server.port, '/', { method });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['content-security-policy']).toBe(PREVIEW_CSP);
  });

  it.each(['/missing.js', '/assets/', '/assets', '/assets/nested', '/demo/', '/demo/missing.csv', '/demo', '/.env', '/escape.txt'])(
    'answers 404 for %s',
    async (path) => {
      const res = await rawRequest(server.port, path);
      expect(res.status).toBe(404);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body.toString()).not.toContain(SECRET);
    },
  );

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/demo/../secret.txt',
    '/demo/..%2f..%2fsecret.txt',
    '/demo/%2e%2e/%2e%2e/secret.txt',
    '/..\\secret.txt',
    '/demo/..\\..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/demo/%5C..%5C..%5Csecret.txt',
    '/index.html%00.png',
    '/demo/%00',
    '/%2e/index.html',
    '/%',
    '/%E0%A4%A',
  ])('never leaves the roots for %s', async (path) => {
    const res = await rawRequest(server.port, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body.toString()).not.toContain(SECRET);
    expect(res.headers['content-security-policy']).toBe(PREVIEW_CSP);
  });

  it('rejects an absolute-form or relative request target', async () => {
    const res = await rawRequest(server.port, '*');
    expect(res.status).toBe(400);
  });

  it('closes promptly while a client holds a keep-alive connection', async () => {
    const demoDir = join(root, 'demo');
    const second = await startPreviewServer({ port: 0, rendererDir: join(root, 'renderer'), demoDir });
    const agent = new Agent({ keepAlive: true });
    const res = await rawRequest(second.port, '/', { agent });
    expect(res.status).toBe(200);
    const started = Date.now();
    await second.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(rawRequest(second.port, '/')).rejects.toThrow();
    agent.destroy();
  });

  it('fails to start when the port is taken', async () => {
    await expect(startPreviewServer({ port: server.port, rendererDir: join(root, 'renderer'), demoDir: join(root, 'demo') })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });

  it('fails to start when a root folder does not exist', async () => {
    await expect(startPreviewServer({ port: 0, rendererDir: join(root, 'nope'), demoDir: join(root, 'demo') })).rejects.toThrow(/ENOENT/);
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip; q=0.0', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['br, *;q=0.1', true],
    ['identity', false],
    [['br', 'gzip'], true],
  ] as const)('%j → %s', (header, expected) => {
    expect(acceptsGzip(header as string | string[] | undefined)).toBe(expected);
  });
});
