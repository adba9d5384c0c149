import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { Readable } from 'node:stream';
import { resolveAppRequest, type AppRoots } from './appRequestPath';
import { contentTypeFor } from './mimeTypes';

/**
 * The app:// protocol handler (registered in main with protocol.handle). Uses only Node and the
 * fetch API's Request/Response, so it runs, and is tested, outside Electron.
 */
export interface AppProtocolOptions extends AppRoots {
  /** A function when the policy changes while the app runs (enrollment adds the county to connect-src). */
  contentSecurityPolicy: string | (() => string);
  /** Where unexpected failures are reported; a rejected URL is not one. */
  logError?: (message: string, error: unknown) => void;
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

export function createAppProtocolHandler(options: AppProtocolOptions): AppProtocolHandler {
  const policy = options.contentSecurityPolicy;
  const securityHeaders = () => ({
    'Content-Security-Policy': typeof policy === 'function' ? policy() : policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // The kiosk's files change only when the app or the demo set is replaced; never serve a stale copy.
    'Cache-Control': 'no-cache',
  });
  const realRoots = new Map<string, Promise<string>>();
  const realRoot = (dir: string): Promise<string> => {
    let found = realRoots.get(dir);
    if (!found) {
      found = realpath(dir);
      // A missing root (renderer not built yet) is retried on the next request, not cached as a failure.
      found.catch(() => realRoots.delete(dir));
      realRoots.set(dir, found);
    }
    return found;
  };

  const text = (status: number, body: string, extra: Record<string, string> = {}): Response =>
    new Response(body, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', ...extra } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'method not allowed', { Allow: 'GET, HEAD' });
    }
    const resolved = resolveAppRequest(request.url, options);
    if (resolved.kind === 'rejected') return text(resolved.status, resolved.reason);

    let filePath: string;
    let size: number;
    try {
      // Resolving symlinks and re-checking containment stops a link inside a root from exposing
      // files outside it; the URL rules alone cannot see links.
      const [root, real] = await Promise.all([realRoot(resolved.rootDir), realpath(resolved.filePath)]);
      const relative = nodePath.relative(root, real);
      if (relative === '' || relative.startsWith('..') || nodePath.isAbsolute(relative)) {
        return text(403, 'path leaves its root folder');
      }
      const info = await stat(real);
      if (!info.isFile()) return text(404, 'not found');
      filePath = real;
      size = info.size;
    } catch (error) {
      if (isNotFound(error)) return text(404, 'not found');
      options.logError?.(`app protocol: cannot read ${request.url}`, error);
      return text(500, 'cannot read file');
    }

    const headers = { ...securityHeaders(), 'Content-Type': contentTypeFor(filePath), 'Content-Length': String(size) };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    // Streamed: the demo disbursement CSV can be far larger than what should sit in memory at once.
    const body = Readable.toWeb(createReadStream(filePath)) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
