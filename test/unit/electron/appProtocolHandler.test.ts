import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler, type AppProtocolHandler } from '../../../electron/logic/appProtocolHandler';
import { KIOSK_CSP } from '../../../electron/logic/csp';

let base: string;
let handler: AppProtocolHandler;
const logError = vi.fn();
const bigCsv = `序号,户主姓名,实发金额\n${Array.from({ length: 20_000 }, (_, i) => `${i + 1},王*,${(i * 37) % 100000}`).join('\n')}\n`;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'kiosk-protocol-'));
  await mkdir(join(base, 'renderer', 'assets'), { recursive: true });
  await mkdir(join(base, 'demo'), { recursive: true });
  await writeFile(join(base, 'renderer', 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(join(base, 'renderer', 'assets', 'index-abc.js'), 'console.log("kiosk")');
  await writeFile(join(base, 'demo', 'disbursements.csv'), bigCsv);
  await writeFile(join(base, 'secret.txt'), 'outside both roots');
  await symlink(join(base, 'secret.txt'), join(base, 'demo', 'link-to-secret.txt'));
  handler = createAppProtocolHandler({
    rendererDir: join(base, 'renderer'),
    demoDir: join(base, 'demo'),
    contentSecurityPolicy: KIOSK_CSP,
    logError,
  });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves the entry page with the CSP and a JavaScript type for scripts', async () => {
    const page = await get('app://kiosk/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>kiosk</title>');

    const script = await get('app://kiosk/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(KIOSK_CSP);
  });

  it('streams demo files byte for byte', async () => {
    const csv = await get('app://kiosk/demo/disbursements.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Number(csv.headers.get('content-length'))).toBe(Buffer.byteLength(bigCsv));
    expect(await csv.text()).toBe(bigCsv);
  });

  it('answers HEAD with headers only', async () => {
    const head = await get('app://kiosk/demo/disbursements.csv', 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(bigCsv));
    expect(await head.text()).toBe('');
  });

  it('refuses traversal, symlinks out of the root, folders and missing files, all with the CSP', async () => {
    const cases: Array<[string, number]> = [
      ['app://kiosk/demo/..%2fsecret.txt', 403],
      ['app://kiosk/demo/link-to-secret.txt', 403],
      ['app://kiosk/assets/', 404],
      ['app://kiosk/demo/missing.csv', 404],
      ['app://kiosk/assets/index-abc.js/x', 404],
      ['app://kiosk/demo/%E5', 400],
    ];
    for (const [url, status] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(status);
      expect(response.headers.get('content-security-policy'), url).toBe(KIOSK_CSP);
      expect(await response.text()).not.toContain('outside both roots');
    }
    expect(logError).not.toHaveBeenCalled();
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('app://kiosk/index.html', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 while the renderer is not built, and serves it once it is', async () => {
    const later = join(base, 'later-renderer');
    const lateHandler = createAppProtocolHandler({ rendererDir: later, demoDir: null, contentSecurityPolicy: KIOSK_CSP });
    expect((await lateHandler(new Request('app://kiosk/'))).status).toBe(404);
    await mkdir(later);
    await writeFile(join(later, 'index.html'), 'built');
    const response = await lateHandler(new Request('app://kiosk/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('built');
    expect((await lateHandler(new Request('app://kiosk/demo/disbursements.csv'))).status).toBe(404);
  });
});
