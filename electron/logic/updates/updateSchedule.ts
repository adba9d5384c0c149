import type { UpdateManifest } from '../../../shared/updates/manifest';
import { mayInstallNow, type InstallMoment, type InstallWindow } from './installWindow';
import type { RollbackState } from './rollbackState';

/**
 * The update loop's one decision per tick: check, download, install or wait. Checking and
 * downloading happen whenever the county is reachable (in the background, any hour); installing
 * restarts the kiosk, so only inside the night window and when idle.
 */
export interface UpdateSituation {
  /** Enrolled with a county (no county, no updates: never from anywhere else). */
  enrolled: boolean;
  /** The county answered recently (the sync engine's view). */
  online: boolean;
  /** Milliseconds on a monotonic clock; null before the first check since start. */
  lastCheckAt: number | null;
  now: number;
  checkIntervalMs: number;
  /** What the last check chose to download, not yet ready; null when none. */
  wanted: UpdateManifest | null;
  /** A downloaded, verified file waiting to be installed. */
  ready: { manifest: UpdateManifest; path: string } | null;
  rollback: RollbackState;
  moment: InstallMoment;
  window: InstallWindow;
}

export type UpdateStep =
  | { kind: 'wait' }
  | { kind: 'check' }
  | { kind: 'download'; manifest: UpdateManifest }
  | { kind: 'install'; manifest: UpdateManifest; path: string };

export const DEFAULT_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export function nextUpdateStep(situation: UpdateSituation): UpdateStep {
  if (!situation.enrolled) return { kind: 'wait' };
  // An unconfirmed new version, or a rollback under way: nothing goes on top of it.
  if (situation.rollback.phase !== 'stable') return { kind: 'wait' };
  if (situation.ready !== null) {
    if (situation.rollback.refused.includes(situation.ready.manifest.version)) return { kind: 'wait' };
    return mayInstallNow(situation.moment, situation.window) ? { kind: 'install', manifest: situation.ready.manifest, path: situation.ready.path } : { kind: 'wait' };
  }
  if (!situation.online) return { kind: 'wait' };
  if (situation.wanted !== null && !situation.rollback.refused.includes(situation.wanted.version)) {
    return { kind: 'download', manifest: situation.wanted };
  }
  const due = situation.lastCheckAt === null || situation.now - situation.lastCheckAt >= situation.checkIntervalMs;
  return due ? { kind: 'check' } : { kind: 'wait' };
}
