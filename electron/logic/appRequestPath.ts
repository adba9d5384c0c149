import nodePath from 'node:path';
import { APP_HOST, APP_SCHEME, DEMO_URL_PREFIX } from './appOrigin';

/**
 * Maps an app://kiosk/ URL to a file: `app://kiosk/demo/<file>` to the demo data folder, everything
 * else to the built renderer. The URL comes from the page, so it is hostile until proven otherwise:
 * no segment may climb out of its root, whether written literally, percent-encoded (%2e%2e, %2f,
 * %5c), as a Windows drive or device path, or as an absolute path.
 */
export interface AppRoots {
  rendererDir: string;
  /** null when no --demo-data / KIOSK_DEMO_DIR was given: demo URLs are then 404. */
  demoDir: string | null;
}

export type AppRootName = 'renderer' | 'demo';

export type ResolvedAppRequest =
  | { kind: 'file'; root: AppRootName; rootDir: string; filePath: string }
  | { kind: 'rejected'; status: 400 | 403 | 404; reason: string };

/** The subset of node:path used here, so tests can run the Windows rules on Linux (path.win32). */
export type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute'>;

const ENTRY_FILE = 'index.html';
// Control characters, the path separators of both platforms, and characters Windows forbids in
// names (':' also opens drive letters and alternate data streams).
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f/\\:*?"<>|]/;
// Windows strips trailing dots and spaces from a name, so "..." or ".. " would act as "..".
const WINDOWS_TRIMMED_TAIL = /[. ]$/;
// Legacy DOS device names open a device, not a file, whatever the folder or extension.
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export function resolveAppRequest(url: string, roots: AppRoots, path: PathApi = nodePath): ResolvedAppRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return reject(400, 'not a URL');
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname.toLowerCase() !== APP_HOST) {
    return reject(404, 'not an app://kiosk/ URL');
  }

  // The URL parser has already removed literal and %2e-encoded dot segments; what is left is
  // checked segment by segment after decoding, below.
  const pathname = parsed.pathname === '' || parsed.pathname === '/' ? `/${ENTRY_FILE}` : parsed.pathname;
  let root: AppRootName = 'renderer';
  let rootDir = roots.rendererDir;
  let relativeUrlPath = pathname.slice(1);
  if (pathname.startsWith(DEMO_URL_PREFIX)) {
    if (roots.demoDir === null) return reject(404, 'no demo data folder configured');
    root = 'demo';
    rootDir = roots.demoDir;
    relativeUrlPath = pathname.slice(DEMO_URL_PREFIX.length);
  }

  const segments: string[] = [];
  for (const raw of relativeUrlPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return reject(400, 'malformed percent-encoding');
    }
    const problem = segmentProblem(segment);
    if (problem) return reject(problem.status, problem.reason);
    segments.push(segment);
  }

  const base = path.resolve(rootDir);
  const filePath = path.resolve(base, ...segments);
  const relative = path.relative(base, filePath);
  // Belt and braces: the segment rules should make this impossible, but containment is the invariant.
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return reject(403, 'path leaves its root folder');
  }
  return { kind: 'file', root, rootDir: base, filePath };
}

function segmentProblem(segment: string): { status: 403 | 404; reason: string } | null {
  if (segment === '') return { status: 404, reason: 'empty path segment (a folder is not a file)' };
  if (segment === '.' || segment === '..') return { status: 403, reason: 'dot segment' };
  if (FORBIDDEN_CHARACTERS.test(segment)) return { status: 403, reason: 'forbidden character in path' };
  if (WINDOWS_TRIMMED_TAIL.test(segment)) return { status: 403, reason: 'name ends with a dot or space' };
  if (WINDOWS_DEVICE_NAME.test(segment)) return { status: 403, reason: 'device name' };
  // Neither Vite's output nor the demo set has dotfiles; anything like .env or .git is not ours to serve.
  if (segment.startsWith('.')) return { status: 404, reason: 'hidden files are not served' };
  return null;
}

function reject(status: 400 | 403 | 404, reason: string): ResolvedAppRequest {
  return { kind: 'rejected', status, reason };
}
