import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { buildContentSecurityPolicy, KIOSK_CSP } from '../../electron/logic/csp';
import { contentTypeFor } from '../../electron/logic/mimeTypes';

/**
 * Serves the built kiosk renderer and a demo data folder over HTTP (web mode), with the same
 * Content-Security-Policy as the Electron window so the web preview is not more permissive than the app.
 */
export interface PreviewServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  demoDir: string;
  /**
   * A county server the page may connect to (enrollment and sync in web mode), added to the CSP's
   * connect-src like the Electron shell adds the enrolled county. Must be a bare http(s) origin or URL.
   */
  countyOrigin?: string | null;
}

export interface PreviewServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Web mode sends the Electron window's own policy, so the preview is never more permissive than the app. */
export const PREVIEW_CSP = KIOSK_CSP;

function securityHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}


/** Already-compressed formats gain nothing from gzip. */
const GZIP_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.csv', '.svg', '.map', '.txt']);

/** Vite puts content-hashed files under assets/, so they never change under the same name. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
const REVALIDATE_CACHE = 'no-cache';
const NO_STORE = 'no-store';

const DEMO_PREFIX = '/demo/';

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Resolved = { file: string; cacheControl: string };

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  // Roots are resolved through symlinks once, so the containment check compares real paths.
  const rendererRoot = await realpath(resolve(options.rendererDir));
  const demoRoot = await realpath(resolve(options.demoDir));
  // Built once (and thrown here for a bad origin): buildContentSecurityPolicy normalises and checks it.
  const headers = securityHeaders(options.countyOrigin ? buildContentSecurityPolicy({ countyOrigin: options.countyOrigin }) : PREVIEW_CSP);

  const server = createServer((req, res) => {
    handle(req, res, rendererRoot, demoRoot, headers).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      if (!(error instanceof HttpError)) console.error('[preview] request failed:', error);
      sendText(res, status, message, headers);
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        // A browser keeps idle keep-alive sockets open; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  rendererRoot: string,
  demoRoot: string,
  security: Record<string, string>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    throw new HttpError(405, 'method not allowed');
  }
  const pathname = decodePathname(req.url ?? '/');
  const { file, cacheControl } = await resolveRequest(pathname, rendererRoot, demoRoot);
  const ext = extname(file).toLowerCase();
  const type = contentTypeFor(file);
  const info = await stat(file);

  const gzip = GZIP_EXTENSIONS.has(ext) && acceptsGzip(req.headers['accept-encoding']);
  const headers: Record<string, string | number> = {
    ...security,
    'Content-Type': type,
    'Cache-Control': cacheControl,
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (GZIP_EXTENSIONS.has(ext)) headers.Vary = 'Accept-Encoding';
  if (gzip) headers['Content-Encoding'] = 'gzip';
  else headers['Content-Length'] = info.size;
  res.writeHead(200, headers);

  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const source = createReadStream(file);
  try {
    if (gzip) await pipeline(source, createGzip(), res);
    else await pipeline(source, res);
  } catch {
    // The client went away mid-transfer; the headers are sent, so there is nothing left to answer.
    res.destroy();
  }
}

/** Decodes the path part of a request target; rejects anything that could name a file outside the roots. */
function decodePathname(target: string): string {
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/')) throw new HttpError(400, 'bad request target');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'bad percent-encoding');
  }
  if (decoded.includes('\0')) throw new HttpError(400, 'null byte in path');
  if (decoded.includes('\\')) throw new HttpError(400, 'backslash in path');
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) throw new HttpError(400, 'dot segment in path');
  return decoded;
}

async function resolveRequest(pathname: string, rendererRoot: string, demoRoot: string): Promise<Resolved> {
  if (pathname.startsWith(DEMO_PREFIX)) {
    // Demo data is regenerated in place, so a cached copy would hide the new set.
    return { file: await fileInside(demoRoot, pathname.slice(DEMO_PREFIX.length)), cacheControl: NO_STORE };
  }
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const cacheControl = relative.startsWith('assets/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
  return { file: await fileInside(rendererRoot, relative), cacheControl };
}

/** The real path of a regular file under root, or a 404; hidden files and symlinks leaving root are never served. */
async function fileInside(root: string, relative: string): Promise<string> {
  if (relative === '' || relative.split('/').some((s) => s.startsWith('.'))) throw new HttpError(404, 'not found');
  const candidate = resolve(root, relative);
  if (!isInside(root, candidate)) throw new HttpError(404, 'not found');
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new HttpError(404, 'not found');
  }
  if (!isInside(root, real)) throw new HttpError(404, 'not found');
  const info = await stat(real);
  if (!info.isFile()) throw new HttpError(404, 'not found');
  return real;
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Whether Accept-Encoding allows gzip: an explicit gzip entry wins over "*"; q=0 refuses. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : header ?? '';
  let gzip: number | undefined;
  let wildcard: number | undefined;
  for (const part of value.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';').map((p) => p.trim());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const weight = Number.isFinite(q) ? q : 0;
    if (coding === 'gzip' || coding === 'x-gzip') gzip = weight;
    else if (coding === '*') wildcard = weight;
  }
  return (gzip ?? wildcard ?? 0) > 0;
}

function sendText(res: ServerResponse, status: number, message: string, security: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${status} ${message}\n`;
  res.writeHead(status, {
    ...security,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': NO_STORE,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
