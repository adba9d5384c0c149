import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPDATE_SHA256_HEADER, type UpdateManifest } from '../../../../shared/updates/manifest';
import { DEFAULT_INSTALL_WINDOW, minutesOfDay } from '../../../../electron/logic/updates/installWindow';
import { initialRollbackState, type RollbackState } from '../../../../electron/logic/updates/rollbackState';
import { nodeUpdateFiles } from '../../../../electron/logic/updates/updateFiles';
import { EMPTY_UPDATE_MEMORY, runUpdateTick, type UpdateTickDeps } from '../../../../electron/logic/updates/updateTick';

const COUNTY = 'http://127.0.0.1:8740';
const TOKEN = 'K'.repeat(43);
const FILE = randomBytes(40_000);
const manifest: UpdateManifest = {
  id: 'fedcba9876543210fedcba98',
  version: '1.2.0',
  platform: 'win32',
  arch: 'x64',
  format: 'nsis',
  fileName: 'Village Kiosk Setup 1.2.0.exe',
  size: FILE.length,
  sha256: createHash('sha256').update(FILE).digest('hex'),
  publishedAt: '2026-11-27T10:00:00.000Z',
};

describe('the update loop, tick by tick', () => {
  let dir: string;
  let requested: string[];
  let state: RollbackState;
  let launched: Array<{ version: string; path: string; stateAtLaunch: RollbackState }>;
  let clock: { now: number; localMinutes: number; idleSeconds: number };
  let enrolled: boolean;

  /** The county as a fetch function: the routes the kiosk uses, and a record of every URL asked. */
  const countyFetch: typeof fetch = async (input) => {
    const url = String(input);
    requested.push(url);
    if (url.startsWith(`${COUNTY}/api/v1/updates/latest?`)) return Response.json({ update: manifest });
    if (url === `${COUNTY}/api/v1/updates/files/${manifest.id}`) return new Response(FILE, { status: 200, headers: { [UPDATE_SHA256_HEADER]: manifest.sha256 } });
    return new Response(null, { status: 404 });
  };

  const deps = (): UpdateTickDeps => ({
    credentials: async () => (enrolled ? { countyUrl: COUNTY, token: TOKEN } : null),
    online: () => true,
    kiosk: { version: '1.1.0', platform: 'win32', arch: 'x64' },
    fetch: countyFetch,
    files: nodeUpdateFiles,
    dir,
    now: () => clock.now,
    moment: () => ({ localMinutes: clock.localMinutes, idleSeconds: clock.idleSeconds }),
    window: DEFAULT_INSTALL_WINDOW,
    checkIntervalMs: 3_600_000,
    readState: async () => state,
    saveState: async (next) => {
      state = next;
    },
    currentInstaller: null,
    launchInstaller: async (m, path) => {
      launched.push({ version: m.version, path, stateAtLaunch: state });
    },
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-tick-'));
    requested = [];
    state = initialRollbackState('1.1.0');
    launched = [];
    clock = { now: 0, localMinutes: minutesOfDay('14:00'), idleSeconds: 0 };
    enrolled = true;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checks, downloads by day, waits for the night and idle, then records the pending version and installs', async () => {
    let memory = EMPTY_UPDATE_MEMORY;
    const steps: string[] = [];
    for (let i = 0; i < 3; i++) {
      const tick = await runUpdateTick(deps(), memory);
      memory = tick.memory;
      steps.push(tick.step);
    }
    expect(steps).toEqual(['check', 'download', 'wait']);
    expect(memory.ready?.manifest.version).toBe('1.2.0');
    expect(launched).toHaveLength(0);

    clock = { now: 1000, localMinutes: minutesOfDay('02:00'), idleSeconds: 3600 };
    const night = await runUpdateTick(deps(), memory);
    expect(night.step).toBe('install');
    expect(launched).toEqual([{ version: '1.2.0', path: memory.ready?.path, stateAtLaunch: expect.objectContaining({ phase: 'pending', version: '1.2.0', previous: '1.1.0', launches: 0 }) }]);
    expect(requested.every((url) => url.startsWith(`${COUNTY}/api/v1/updates/`))).toBe(true);
  });

  it('never installs a ready file whose bytes changed on disk', async () => {
    let memory = (await runUpdateTick(deps(), EMPTY_UPDATE_MEMORY)).memory;
    memory = (await runUpdateTick(deps(), memory)).memory;
    writeFileSync(memory.ready?.path ?? '', randomBytes(FILE.length));
    clock = { now: 1000, localMinutes: minutesOfDay('03:00'), idleSeconds: 3600 };
    const tick = await runUpdateTick(deps(), memory);
    expect(tick.memory.ready).toBeNull();
    expect(launched).toHaveLength(0);
    expect(state.phase).toBe('stable');
  });

  it('does nothing at all when not enrolled', async () => {
    enrolled = false;
    expect((await runUpdateTick(deps(), EMPTY_UPDATE_MEMORY)).step).toBe('wait');
    expect(requested).toEqual([]);
  });
});
