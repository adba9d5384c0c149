import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppRequest, type ResolvedAppRequest } from '../../../electron/logic/appRequestPath';

const posixRoots = { rendererDir: '/opt/kiosk/dist/renderer', demoDir: '/srv/demo' };
const winRoots = { rendererDir: 'C:\\Program Files\\kiosk\\resources\\app.asar\\dist\\renderer', demoDir: 'D:\\demo data' };

function file(result: ResolvedAppRequest): { root: string; filePath: string } {
  if (result.kind !== 'file') throw new Error(`expected a file, got ${result.status} ${result.reason}`);
  return { root: result.root, filePath: result.filePath };
}

describe('resolveAppRequest: what is served', () => {
  it('serves index.html for the bare origin', () => {
    expect(file(resolveAppRequest('app://kiosk/', posixRoots))).toEqual({ root: 'renderer', filePath: '/opt/kiosk/dist/renderer/index.html' });
    expect(file(resolveAppRequest('app://kiosk', posixRoots)).filePath).toBe('/opt/kiosk/dist/renderer/index.html');
  });

  it('maps renderer files and ignores query and hash', () => {
    expect(file(resolveAppRequest('app://kiosk/assets/index-Bx1.js?v=2#top', posixRoots))).toEqual({
      root: 'renderer',
      filePath: '/opt/kiosk/dist/renderer/assets/index-Bx1.js',
    });
  });

  it('maps /demo/<file> to the demo folder, decoding names', () => {
    expect(file(resolveAppRequest('app://kiosk/demo/disbursements.csv', posixRoots))).toEqual({
      root: 'demo',
      filePath: '/srv/demo/disbursements.csv',
    });
    expect(file(resolveAppRequest('app://kiosk/demo/%E5%85%AC%E5%91%8A.json', posixRoots)).filePath).toBe('/srv/demo/公告.json');
    expect(file(resolveAppRequest('app://kiosk/demo/2024/programs.json', posixRoots)).filePath).toBe('/srv/demo/2024/programs.json');
  });

  it('answers 404 for demo URLs when no demo folder is configured, and for the folder itself', () => {
    expect(resolveAppRequest('app://kiosk/demo/manifest.json', { ...posixRoots, demoDir: null })).toMatchObject({ kind: 'rejected', status: 404 });
    expect(resolveAppRequest('app://kiosk/demo/', posixRoots)).toMatchObject({ kind: 'rejected', status: 404 });
    expect(resolveAppRequest('app://kiosk/assets/', posixRoots)).toMatchObject({ kind: 'rejected', status: 404 });
  });

  it('only answers app://kiosk/', () => {
    expect(resolveAppRequest('app://other/index.html', posixRoots)).toMatchObject({ kind: 'rejected', status: 404 });
    expect(resolveAppRequest('file:///etc/passwd', posixRoots)).toMatchObject({ kind: 'rejected', status: 404 });
    expect(resolveAppRequest('not a url', posixRoots)).toMatchObject({ kind: 'rejected', status: 400 });
  });
});

describe('resolveAppRequest: traversal', () => {
  const attacks = [
    'app://kiosk/demo/..%2f..%2fetc%2fpasswd',
    'app://kiosk/demo/..%2F..%2Fetc%2Fpasswd',
    'app://kiosk/demo/%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://kiosk/demo/..%5c..%5cwindows%5cwin.ini',
    'app://kiosk/demo/%2fetc%2fpasswd',
    'app://kiosk/demo/%5c%5cserver%5cshare%5cx',
    'app://kiosk/demo/C:%5cWindows%5cwin.ini',
    'app://kiosk/demo/C%3a%5cWindows%5cwin.ini',
    'app://kiosk/demo/c:',
    'app://kiosk/demo/...',
    'app://kiosk/demo/..%20',
    'app://kiosk/demo/name.csv%00.js',
    'app://kiosk/demo/file.csv::$DATA',
    'app://kiosk/demo/CON',
    'app://kiosk/demo/nul.json',
    'app://kiosk/assets/..%2f..%2f..%2fpackage.json',
  ];

  for (const url of attacks) {
    it(`refuses ${url} on both platforms`, () => {
      for (const [roots, api] of [
        [posixRoots, path.posix],
        [winRoots, path.win32],
      ] as const) {
        const result = resolveAppRequest(url, roots, api);
        expect(result.kind, `${url} (${api === path.win32 ? 'win32' : 'posix'})`).toBe('rejected');
      }
    });
  }

  it('keeps literal and %2e dot segments inside the renderer (the URL parser resolves them first)', () => {
    for (const url of ['app://kiosk/demo/../../../etc/passwd', 'app://kiosk/demo/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 'app://kiosk/a/./../../../x.js']) {
      const result = resolveAppRequest(url, posixRoots, path.posix);
      if (result.kind === 'file') {
        expect(result.root).toBe('renderer');
        expect(result.filePath.startsWith('/opt/kiosk/dist/renderer/')).toBe(true);
      }
    }
    expect(file(resolveAppRequest('app://kiosk/demo/../../../etc/passwd', posixRoots, path.posix)).filePath).toBe('/opt/kiosk/dist/renderer/etc/passwd');
  });

  it('serves a double-encoded name as that literal name, decoding once only', () => {
    const result = file(resolveAppRequest('app://kiosk/demo/%252e%252e%252fsecret', posixRoots, path.posix));
    expect(result.filePath).toBe('/srv/demo/%2e%2e%2fsecret');
  });

  it('rejects malformed percent-encoding and hidden files', () => {
    expect(resolveAppRequest('app://kiosk/demo/%E5%85', posixRoots)).toMatchObject({ kind: 'rejected', status: 400 });
    expect(resolveAppRequest('app://kiosk/.env', posixRoots)).toMatchObject({ kind: 'rejected', status: 404 });
    expect(resolveAppRequest('app://kiosk/demo/.git/config', posixRoots)).toMatchObject({ kind: 'rejected', status: 404 });
  });

  it('resolves Windows roots with spaces and drive letters', () => {
    const result = file(resolveAppRequest('app://kiosk/demo/disbursements.csv', winRoots, path.win32));
    expect(result.filePath).toBe('D:\\demo data\\disbursements.csv');
    const entry = file(resolveAppRequest('app://kiosk/', winRoots, path.win32));
    expect(entry.filePath).toBe('C:\\Program Files\\kiosk\\resources\\app.asar\\dist\\renderer\\index.html');
  });
});
