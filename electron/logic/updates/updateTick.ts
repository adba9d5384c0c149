import type { UpdateManifest } from '../../../shared/updates/manifest';
import type { InstallMoment, InstallWindow } from './installWindow';
import { downloadUpdate } from './resumableDownload';
import { stepRollback, type RollbackState } from './rollbackState';
import { checkForUpdate } from './updateCheck';
import type { KioskIdentity } from './updateDecision';
import type { UpdateFiles } from './updateFiles';
import { nextUpdateStep, type UpdateStep } from './updateSchedule';
import { verifyUpdateFile } from './verifyUpdate';

/**
 * One turn of the kiosk's update loop, for main to call on a timer: decide (updateSchedule), then
 * check, download or install. Everything outside is injected, so main only supplies Electron's
 * pieces (credential store, powerMonitor idle time, the installer launch) and a timer.
 */
export interface UpdateMemory {
  lastCheckAt: number | null;
  wanted: UpdateManifest | null;
  ready: { manifest: UpdateManifest; path: string } | null;
}

export const EMPTY_UPDATE_MEMORY: UpdateMemory = { lastCheckAt: null, wanted: null, ready: null };

export interface UpdateTickDeps {
  /** The enrolled county and token (credential store); null when not enrolled. */
  credentials(): Promise<{ countyUrl: string; token: string } | null>;
  online(): boolean;
  kiosk: KioskIdentity;
  fetch: typeof fetch;
  files: UpdateFiles;
  /** userData/updates */
  dir: string;
  /** Monotonic milliseconds (performance.now() in main). */
  now(): number;
  moment(): InstallMoment;
  window: InstallWindow;
  checkIntervalMs: number;
  readState(): Promise<RollbackState>;
  /** Must reach the disk before the installer runs (written then renamed). */
  saveState(state: RollbackState): Promise<void>;
  /** This version's own verified installer, kept for going back; null when installed from USB. */
  currentInstaller: string | null;
  /** Starts the installer and quits the app (NSIS /S, pkexec dpkg -i, or swapping the AppImage). */
  launchInstaller(manifest: UpdateManifest, path: string): Promise<void>;
  log?(message: string): void;
}

export interface UpdateTickResult {
  memory: UpdateMemory;
  step: UpdateStep['kind'];
}

export async function runUpdateTick(deps: UpdateTickDeps, memory: UpdateMemory): Promise<UpdateTickResult> {
  const credentials = await deps.credentials();
  const rollback = await deps.readState();
  const step = nextUpdateStep({
    enrolled: credentials !== null,
    online: deps.online(),
    lastCheckAt: memory.lastCheckAt,
    now: deps.now(),
    checkIntervalMs: deps.checkIntervalMs,
    wanted: memory.wanted,
    ready: memory.ready,
    rollback,
    moment: deps.moment(),
    window: deps.window,
  });
  const log = deps.log ?? (() => undefined);
  if (step.kind === 'wait' || credentials === null) return { memory, step: step.kind };

  if (step.kind === 'check') {
    const checked = await checkForUpdate({ fetch: deps.fetch, countyUrl: credentials.countyUrl, token: credentials.token, kiosk: deps.kiosk, refusedVersions: rollback.refused });
    // Offline: not counted as a check, so the next tick with a link tries again.
    if (checked.kind === 'offline') return { memory, step: step.kind };
    if (checked.kind === 'refuse') log(`update refused: ${checked.reason}`);
    return { memory: { ...memory, lastCheckAt: deps.now(), wanted: checked.kind === 'download' ? checked.manifest : null }, step: step.kind };
  }

  if (step.kind === 'download') {
    const result = await downloadUpdate({ fetch: deps.fetch, files: deps.files, countyUrl: credentials.countyUrl, token: credentials.token, manifest: step.manifest, dir: deps.dir, kioskVersion: deps.kiosk.version });
    if (result.kind === 'ready') return { memory: { ...memory, wanted: null, ready: { manifest: step.manifest, path: result.path } }, step: step.kind };
    if (result.kind === 'interrupted') return { memory, step: step.kind };
    log(result.kind === 'rejected' ? `update ${step.manifest.version} rejected: ${result.reason}` : `update ${step.manifest.version} refused by the county: ${result.status}`);
    return { memory: { ...memory, wanted: null }, step: step.kind };
  }

  // Verified again right before installing: the file sat on disk since it was downloaded.
  const verified = await verifyUpdateFile(deps.files, step.path, step.manifest);
  if (!verified.ok) {
    log(`update ${step.manifest.version} no longer matches its checksum; deleted`);
    return { memory: { ...memory, ready: null }, step: step.kind };
  }
  const pending = stepRollback(rollback, { kind: 'install-started', version: step.manifest.version, previous: deps.kiosk.version, previousInstaller: deps.currentInstaller });
  await deps.saveState(pending.state);
  await deps.launchInstaller(step.manifest, step.path);
  return { memory: { ...memory, ready: null }, step: step.kind };
}
