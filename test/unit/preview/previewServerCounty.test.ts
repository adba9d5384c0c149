import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_CSP, startPreviewServer } from '../../../scripts/lib/previewServer';

/** The preview's countyOrigin option: the county joins connect-src, and nothing else changes. */
let root: string;
const servers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'preview-county-'));
  await mkdir(join(root, 'renderer'));
  await mkdir(join(root, 'demo'));
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html>');
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await rm(root, { recursive: true, force: true });
});

async function policyOf(countyOrigin?: string | null): Promise<{ page: string | null; missing: string | null }> {
  const server = await startPreviewServer({ port: 0, rendererDir: join(root, 'renderer'), demoDir: join(root, 'demo'), countyOrigin });
  servers.push(server);
  const page = await fetch(server.url);
  const missing = await fetch(new URL('nothing.js', server.url));
  return { page: page.headers.get('content-security-policy'), missing: missing.headers.get('content-security-policy') };
}

describe('preview server countyOrigin', () => {
  it('adds the county origin to connect-src of every response, pages and errors alike', async () => {
    const { page, missing } = await policyOf('http://127.0.0.1:8787/some/path');
    expect(page).toBe(PREVIEW_CSP.replace("connect-src 'self'", "connect-src 'self' http://127.0.0.1:8787"));
    expect(missing).toBe(page);
  });

  it('keeps the strict policy without one', async () => {
    expect((await policyOf()).page).toBe(PREVIEW_CSP);
    expect((await policyOf(null)).page).toBe(PREVIEW_CSP);
  });

  it('refuses an origin that is not http(s) or carries credentials, before listening', async () => {
    const start = (countyOrigin: string) => startPreviewServer({ port: 0, rendererDir: join(root, 'renderer'), demoDir: join(root, 'demo'), countyOrigin });
    await expect(start('ftp://county.example.cn')).rejects.toThrow(/http/);
    await expect(start('https://a:b@county.example.cn')).rejects.toThrow(/credentials/);
    await expect(start("https://x; script-src 'unsafe-inline'")).rejects.toThrow();
  });
});
