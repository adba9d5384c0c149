import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UPDATE_SHA256_HEADER, type UpdateManifest } from '../../../../shared/updates/manifest';
import { nodeUpdateStoreFiles, recordVerifiedInstaller } from '../../../../electron/logic/updates/installerArchive';
import { DEB_INSTALL_HELPER, nodeInstallerProcesses, type Command, type InstallerHost } from '../../../../electron/logic/updates/installerLaunch';
import { readyPathOf } from '../../../../electron/logic/updates/resumableDownload';
import { rollbackStateSchema, type RollbackState } from '../../../../electron/logic/updates/rollbackState';
import {
  createUpdateRuntime,
  FIRST_UPDATE_TICK_DELAY_MS,
  kioskIdentityOf,
  updateIdentityFor,
  UPDATE_STATE_FILE,
  UPDATE_TICK_INTERVAL_MS,
  type UpdateRuntime,
} from '../../../../electron/logic/updates/updateRuntime';

const TOKEN = 'D'.repeat(43);
const NEW_FILE = randomBytes(64 * 1024 + 3);
const OLD_FILE = randomBytes(32 * 1024);

function debManifest(version: string, id: string, bytes: Buffer): UpdateManifest {
  return {
    id,
    version,
    platform: 'linux',
    arch: 'x64',
    format: 'deb',
    fileName: `village-kiosk-${version}-linux-amd64.deb`,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    publishedAt: '2026-11-27T10:00:00.000Z',
  };
}
const NEW = debManifest('1.2.0', 'bbbbbbbbbbbbbbbbbbbbbbbb', NEW_FILE);
const OLD = debManifest('1.1.0', 'aaaaaaaaaaaaaaaaaaaaaaaa', OLD_FILE);

/** The county's updates API on node:http, as server/src/routes/updates.ts answers it (bearer token, no Range here). */
class County {
  requests: string[] = [];
  /** Whether 1.1.0 (what a USB-installed kiosk runs) is published for the kiosk to keep for going back. */
  publishesOld = false;
  private server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    this.requests.push(url);
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return void response.writeHead(401).end();
    if (url.startsWith('/api/v1/updates/latest?') && url.includes('format=deb')) {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ update: NEW }));
    }
    if (this.publishesOld && url.startsWith('/api/v1/updates/release?') && url.includes('version=1.1.0') && url.includes('format=deb')) {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ update: OLD }));
    }
    if (this.publishesOld && url === `/api/v1/updates/files/${OLD.id}`) {
      return void response.writeHead(200, { 'content-length': OLD_FILE.length, [UPDATE_SHA256_HEADER]: OLD.sha256 }).end(OLD_FILE);
    }
    if (url === `/api/v1/updates/files/${NEW.id}`) {
      return void response.writeHead(200, { 'content-length': NEW_FILE.length, [UPDATE_SHA256_HEADER]: NEW.sha256 }).end(NEW_FILE);
    }
    response.writeHead(404).end();
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

/** Timers the test fires by hand: the runtime's health deadline and tick schedule. */
class ManualTimers {
  private next = 1;
  pending = new Map<number, { run: () => void; delayMs: number }>();
  setTimeout = (run: () => void, delayMs: number): unknown => {
    const id = this.next++;
    this.pending.set(id, { run, delayMs });
    return id;
  };
  clearTimeout = (handle: unknown): void => void this.pending.delete(handle as number);
  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.delayMs);
  }
  fire(delayMs: number): void {
    const entry = [...this.pending.entries()].find(([, timer]) => timer.delayMs === delayMs);
    if (entry === undefined) throw new Error(`no timer of ${delayMs} ms`);
    this.pending.delete(entry[0]);
    entry[1].run();
  }
}

describe('the update runtime across restarts (real folder, real HTTP county, recorded installer launches)', () => {
  const county = new County();
  let countyUrl: string;
  let userData: string;
  let timers: ManualTimers;
  let clock: { now: Date; monotonic: number; idle: number };
  let helperExit: number;
  let ran: Command[];
  let appCalls: string[];
  let logs: string[];
  beforeAll(async () => (countyUrl = await county.start()));
  afterAll(() => county.close());

  beforeEach(async () => {
    userData = mkdtempSync(join(tmpdir(), 'kiosk-runtime-'));
    timers = new ManualTimers();
    clock = { now: new Date(2026, 11, 5, 14, 0), monotonic: 0, idle: 0 };
    helperExit = 0;
    ran = [];
    appCalls = [];
    logs = [];
    county.requests = [];
    county.publishesOld = false;
    // 1.1.0 came as an update earlier, so its verified installer is kept for going back.
    const dir = join(userData, 'updates');
    mkdirSync(join(dir, OLD.id), { recursive: true });
    writeFileSync(readyPathOf(dir, OLD), OLD_FILE);
    await recordVerifiedInstaller(nodeUpdateStoreFiles, dir, OLD);
  });
  afterEach(() => rmSync(userData, { recursive: true, force: true }));

  function runtime(version: string, overrides: { checkIntervalMs?: number; enrolled?: boolean } = {}): UpdateRuntime {
    const host: InstallerHost = {
      ...nodeInstallerProcesses,
      startDetached: async (command) => void ran.push(command),
      runToExit: async (command) => {
        ran.push(command);
        return { code: helperExit, stderr: helperExit === 0 ? '' : 'Error executing command as another user: Not authorized' };
      },
      relaunch: (options) => void appCalls.push(`relaunch ${options.execPath ?? '(same)'}`),
      exit: (code) => void appCalls.push(`exit ${code}`),
      quit: () => void appCalls.push('quit'),
    };
    const kiosk = kioskIdentityOf({ version, platform: 'linux', arch: 'x64', env: {} });
    if (kiosk === null) throw new Error('unsupported');
    return createUpdateRuntime({
      kiosk,
      userDataDir: userData,
      files: nodeUpdateStoreFiles,
      fetch,
      credentials: async () => (overrides.enrolled === false ? null : { countyUrl, token: TOKEN }),
      online: () => true,
      idleSeconds: () => clock.idle,
      now: () => clock.now,
      monotonicMs: () => clock.monotonic,
      timers,
      installerFacts: { resourcesPath: '/opt/kiosk/resources', env: { INVOCATION_ID: 'unit-invocation' } },
      host,
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
      ...(overrides.checkIntervalMs === undefined ? {} : { checkIntervalMs: overrides.checkIntervalMs }),
    });
  }

  const stateOnDisk = (): RollbackState => rollbackStateSchema.parse(JSON.parse(readFileSync(join(userData, UPDATE_STATE_FILE), 'utf8')));
  const updates = (): string[] => readdirSync(join(userData, 'updates')).sort();
  const night = (): void => {
    clock = { now: new Date(2026, 11, 6, 2, 0), monotonic: clock.monotonic + 1000, idle: 3600 };
  };

  async function startedAndInstalled(): Promise<string> {
    const first = runtime('1.1.0');
    await first.start();
    expect(stateOnDisk()).toEqual({ format: 1, phase: 'stable', version: '1.1.0', refused: [] });
    expect(timers.delays()).toEqual([FIRST_UPDATE_TICK_DELAY_MS]);

    timers.fire(FIRST_UPDATE_TICK_DELAY_MS); // check
    await first.settled();
    await first.tickNow(); // download by day
    expect(ran).toEqual([]);
    expect(timers.delays()).toEqual([UPDATE_TICK_INTERVAL_MS]);

    night();
    await first.tickNow();
    const newDeb = readyPathOf(join(userData, 'updates'), NEW);
    expect(ran).toEqual([{ command: 'pkexec', args: [DEB_INSTALL_HELPER, newDeb] }]);
    expect(appCalls).toEqual(['exit 75']);
    expect(timers.delays()).toEqual([]);
    expect(county.requests.every((url) => url.startsWith('/api/v1/updates/'))).toBe(true);
    return newDeb;
  }

  it('installs at night, then goes back with the kept installer when the new version never confirms', async () => {
    await startedAndInstalled();
    const oldDeb = readyPathOf(join(userData, 'updates'), OLD);
    expect(stateOnDisk()).toMatchObject({ phase: 'pending', version: '1.2.0', previous: '1.1.0', previousInstaller: oldDeb });

    // systemd starts the kiosk again: dpkg replaced it, so 1.2.0 runs, and never shows its page.
    ran = [];
    appCalls = [];
    const second = runtime('1.2.0');
    await second.start();
    expect(timers.delays()).toEqual([120_000]);
    timers.fire(120_000);
    await second.settled();
    expect(ran).toEqual([{ command: 'pkexec', args: [DEB_INSTALL_HELPER, oldDeb] }]);
    expect(appCalls).toEqual(['exit 75']);
    expect(stateOnDisk()).toMatchObject({ phase: 'rolling-back', version: '1.1.0', failed: '1.2.0' });

    // Back on 1.1.0: noted, and 1.2.0 is neither kept nor fetched again.
    const third = runtime('1.1.0');
    await third.start();
    expect(stateOnDisk()).toEqual({ format: 1, phase: 'stable', version: '1.1.0', refused: ['1.2.0'] });
    expect(logs).toContain('warn back on 1.1.0: 1.2.0 did not start healthily and is not installed again');
    expect(updates()).toEqual([OLD.id]);
    county.requests = [];
    await third.tickNow();
    await third.tickNow();
    expect(county.requests.filter((url) => url.includes('/files/'))).toEqual([]);
    expect(logs.some((line) => line.includes('failed to start on this kiosk before'))).toBe(true);
  });

  it('installed from a USB stick: fetches and verifies its own installer from the county before updating, and goes back with it', async () => {
    rmSync(join(userData, 'updates'), { recursive: true });
    county.publishesOld = true;
    await startedAndInstalled();
    const oldDeb = readyPathOf(join(userData, 'updates'), OLD);
    expect(readFileSync(oldDeb).equals(OLD_FILE)).toBe(true);
    expect(county.requests.some((url) => url.startsWith('/api/v1/updates/release?') && url.includes('version=1.1.0'))).toBe(true);
    expect(logs).toContain('info kept the installer of 1.1.0 for going back');
    expect(stateOnDisk()).toMatchObject({ phase: 'pending', version: '1.2.0', previous: '1.1.0', previousInstaller: oldDeb });

    ran = [];
    appCalls = [];
    const second = runtime('1.2.0');
    await second.start();
    timers.fire(120_000);
    await second.settled();
    expect(ran).toEqual([{ command: 'pkexec', args: [DEB_INSTALL_HELPER, oldDeb] }]);
  });

  it('installed from a USB stick of a version the county never published: updates anyway, saying it cannot go back', async () => {
    rmSync(join(userData, 'updates'), { recursive: true });
    await startedAndInstalled();
    expect(logs).toContain('warn no installer of 1.1.0 from the county (the county never published it): this update cannot be rolled back offline');
    expect(stateOnDisk()).toMatchObject({ phase: 'pending', version: '1.2.0', previous: '1.1.0', previousInstaller: null });
  });

  it('settles a healthy new version: stable, its installer current, the one before kept, older ones deleted', async () => {
    const older = debManifest('1.0.0', 'cccccccccccccccccccccccc', randomBytes(100));
    const dir = join(userData, 'updates');
    mkdirSync(join(dir, older.id));
    writeFileSync(readyPathOf(dir, older), randomBytes(100));
    await recordVerifiedInstaller(nodeUpdateStoreFiles, dir, older);
    await startedAndInstalled();

    const second = runtime('1.2.0');
    await second.start();
    second.confirmHealthy();
    await second.settled();
    expect(stateOnDisk()).toEqual({ format: 1, phase: 'stable', version: '1.2.0', refused: [] });
    expect(timers.delays()).toEqual([FIRST_UPDATE_TICK_DELAY_MS]);
    expect(updates()).toEqual([OLD.id, NEW.id].sort());
    expect(logs).toContain('info 1.2.0 started healthily');
  });

  it('takes a health confirmation that comes before start has finished', async () => {
    await startedAndInstalled();
    const second = runtime('1.2.0');
    second.confirmHealthy();
    await second.start();
    await second.settled();
    expect(stateOnDisk()).toMatchObject({ phase: 'stable', version: '1.2.0' });
    expect(timers.delays()).toEqual([FIRST_UPDATE_TICK_DELAY_MS]);
  });

  it('stays on the failed version (refusing it) when no installer of the previous one is kept', async () => {
    await startedAndInstalled();
    rmSync(join(userData, 'updates', OLD.id), { recursive: true });
    const state = stateOnDisk();
    writeFileSync(join(userData, UPDATE_STATE_FILE), JSON.stringify({ ...state, previousInstaller: null }));
    ran = [];
    const second = runtime('1.2.0');
    await second.start();
    timers.fire(120_000);
    await second.settled();
    expect(ran).toEqual([]);
    expect(stateOnDisk()).toEqual({ format: 1, phase: 'stable', version: '1.2.0', refused: ['1.2.0'] });
    expect(logs.some((line) => line.startsWith('error 1.2.0 did not start healthily, but no installer of 1.1.0 is kept'))).toBe(true);
    expect(timers.delays()).toEqual([FIRST_UPDATE_TICK_DELAY_MS]);
  });

  it('undoes the pending state when the installer fails, and stops trying a version after repeated failures', async () => {
    helperExit = 126;
    const kiosk = runtime('1.1.0', { checkIntervalMs: 0 });
    await kiosk.start();
    night();
    for (let attempt = 1; attempt <= 3; attempt++) {
      for (let i = 0; i < 3; i++) await kiosk.tickNow(); // check, download (ready at once after the first), install
      expect(ran).toHaveLength(attempt);
      expect(appCalls).toEqual([]);
      expect(stateOnDisk()).toEqual({ format: 1, phase: 'stable', version: '1.1.0', refused: attempt < 3 ? [] : ['1.2.0'] });
    }
    expect(logs.filter((line) => line.startsWith('error update 1.2.0 did not install'))).toHaveLength(3);
    expect(logs).toContain(`error update 1.2.0 did not install (3×): ${DEB_INSTALL_HELPER} exited with 126: Error executing command as another user: Not authorized; not tried again`);
    for (let i = 0; i < 3; i++) await kiosk.tickNow();
    expect(ran).toHaveLength(3);
    expect(timers.delays()).toEqual([UPDATE_TICK_INTERVAL_MS]);
  });

  it('runs one tick at a time and stops cleanly', async () => {
    const kiosk = runtime('1.1.0');
    await kiosk.start();
    const a = kiosk.tickNow();
    const b = kiosk.tickNow();
    expect(b).toBe(a);
    await a;
    expect(county.requests.filter((url) => url.includes('/latest?'))).toHaveLength(1);
    kiosk.stop();
    expect(timers.delays()).toEqual([]);
    await kiosk.tickNow();
    expect(county.requests).toHaveLength(1);
  });

  it('does nothing with the county when not enrolled, and survives a corrupt state file', async () => {
    writeFileSync(join(userData, UPDATE_STATE_FILE), '{"phase": "pend');
    const kiosk = runtime('1.1.0', { enrolled: false });
    await kiosk.start();
    await kiosk.tickNow();
    expect(county.requests).toEqual([]);
    expect(stateOnDisk()).toEqual({ format: 1, phase: 'stable', version: '1.1.0', refused: [] });
    expect(existsSync(join(userData, `${UPDATE_STATE_FILE}.tmp`))).toBe(false);
  });
});

describe('kioskIdentityOf', () => {
  it('describes supported kiosks and refuses the rest', () => {
    expect(kioskIdentityOf({ version: '1.0.0', platform: 'win32', arch: 'x64', env: {} })).toEqual({ version: '1.0.0', platform: 'win32', arch: 'x64', format: 'nsis' });
    expect(kioskIdentityOf({ version: '1.0.0', platform: 'linux', arch: 'arm64', env: { APPIMAGE: '/a/k.AppImage' } })?.format).toBe('appimage');
    expect(kioskIdentityOf({ version: '1.0.0', platform: 'darwin', arch: 'x64', env: {} })).toBeNull();
    expect(kioskIdentityOf({ version: '1.0.0', platform: 'linux', arch: 'ia32', env: {} })).toBeNull();
    expect(kioskIdentityOf({ version: 'dev', platform: 'linux', arch: 'x64', env: {} })).toBeNull();
  });
});

describe('updateIdentityFor', () => {
  it('switches updates off outside a packaged app (npm start never replaces a checkout), and where no updates exist', () => {
    const facts = { version: '1.0.0', platform: 'win32', arch: 'x64', env: {} };
    expect(updateIdentityFor({ ...facts, isPackaged: false })).toEqual({ kind: 'off', reason: 'not a packaged app' });
    expect(updateIdentityFor({ ...facts, isPackaged: true })).toEqual({ kind: 'on', kiosk: { version: '1.0.0', platform: 'win32', arch: 'x64', format: 'nsis' } });
    expect(updateIdentityFor({ ...facts, platform: 'darwin', isPackaged: true }).kind).toBe('off');
  });
});
