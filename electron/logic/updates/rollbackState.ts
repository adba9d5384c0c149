import { z } from 'zod';
import { semverSchema } from '../../../shared/updates/semver';

/**
 * "Go back to the previous version if the new one fails to start", as a pure state machine over a
 * small state file in userData. Main feeds it events (the app launched as version V; V confirmed a
 * healthy start; the health deadline passed) and carries out the action it returns. The file is
 * written before the installer runs, so even a new version that dies before any code of ours runs
 * is caught: the OS relaunches it (scheduled task / systemd unit), and that launch finds itself
 * still unconfirmed.
 */

/** Versions that failed to start here: never offered again (a fixed build gets a new version). */
const refusedSchema = z.array(semverSchema).max(50);

export const rollbackStateSchema = z.discriminatedUnion('phase', [
  z.strictObject({ format: z.literal(1), phase: z.literal('stable'), version: semverSchema, refused: refusedSchema }),
  z.strictObject({
    format: z.literal(1),
    phase: z.literal('pending'),
    /** The version being installed, not yet confirmed healthy. */
    version: semverSchema,
    previous: semverSchema,
    /** The verified installer of `previous` kept for going back; null when none is at hand. */
    previousInstaller: z.string().min(1).nullable(),
    /** Launches of `version` so far that never confirmed. */
    launches: z.number().int().min(0),
    refused: refusedSchema,
  }),
  z.strictObject({
    format: z.literal(1),
    phase: z.literal('rolling-back'),
    /** The version going back to. */
    version: semverSchema,
    failed: semverSchema,
    previousInstaller: z.string().min(1).nullable(),
    attempts: z.number().int().min(1),
    refused: refusedSchema,
  }),
]);
export type RollbackState = z.infer<typeof rollbackStateSchema>;

export interface RollbackPolicy {
  /** Seconds a new version has to confirm a healthy start (window shown, database open, no crash). */
  healthDeadlineSeconds: number;
  /** Unconfirmed launches tolerated before going back; 1: the first crash or hang sends it back. */
  unconfirmedLaunchesAllowed: number;
  /** Rollback installs tried before giving up (and staying on what runs, reported in the log). */
  maxRollbackAttempts: number;
}

export const DEFAULT_ROLLBACK_POLICY: RollbackPolicy = { healthDeadlineSeconds: 120, unconfirmedLaunchesAllowed: 1, maxRollbackAttempts: 3 };

export type RollbackEvent =
  | { kind: 'install-started'; version: string; previous: string; previousInstaller: string | null }
  | { kind: 'launched'; running: string }
  | { kind: 'healthy'; running: string }
  | { kind: 'health-deadline-passed'; running: string };

export type RollbackAction =
  | { kind: 'none' }
  /** Start the health timer; send 'health-deadline-passed' if no 'healthy' comes before it. */
  | { kind: 'await-health'; deadlineSeconds: number }
  /** Reinstall `version` from `installer` (null: the kiosk must fetch it; see the report) and restart. */
  | { kind: 'roll-back'; version: string; failed: string; installer: string | null }
  /** Back on the previous version: tell the county and the log. */
  | { kind: 'rolled-back'; version: string; failed: string }
  /** Going back did not work either; the kiosk stays on what runs. */
  | { kind: 'rollback-gave-up'; running: string; failed: string };

export interface RollbackStep {
  state: RollbackState;
  action: RollbackAction;
}

export function initialRollbackState(running: string): RollbackState {
  return { format: 1, phase: 'stable', version: running, refused: [] };
}

function addRefused(refused: readonly string[], version: string): string[] {
  return refused.includes(version) ? [...refused] : [...refused, version].slice(-50);
}

function rollBack(state: Extract<RollbackState, { phase: 'pending' }>): RollbackStep {
  const next: RollbackState = {
    format: 1,
    phase: 'rolling-back',
    version: state.previous,
    failed: state.version,
    previousInstaller: state.previousInstaller,
    attempts: 1,
    refused: addRefused(state.refused, state.version),
  };
  return { state: next, action: { kind: 'roll-back', version: state.previous, failed: state.version, installer: state.previousInstaller } };
}

const stay = (state: RollbackState): RollbackStep => ({ state, action: { kind: 'none' } });

export function stepRollback(state: RollbackState, event: RollbackEvent, policy: RollbackPolicy = DEFAULT_ROLLBACK_POLICY): RollbackStep {
  switch (event.kind) {
    case 'install-started':
      return stay({
        format: 1,
        phase: 'pending',
        version: event.version,
        previous: event.previous,
        previousInstaller: event.previousInstaller,
        launches: 0,
        refused: state.refused,
      });
    case 'launched':
      return onLaunch(state, event.running, policy);
    case 'healthy':
      if (state.phase === 'pending' && event.running === state.version) {
        return stay({ format: 1, phase: 'stable', version: state.version, refused: state.refused });
      }
      return stay(state);
    case 'health-deadline-passed':
      if (state.phase === 'pending' && event.running === state.version) return rollBack(state);
      return stay(state);
  }
}

function onLaunch(state: RollbackState, running: string, policy: RollbackPolicy): RollbackStep {
  if (state.phase === 'stable') {
    // Installed by hand (USB) since: whatever runs is the new stable version.
    return stay(state.version === running ? state : { ...state, version: running });
  }
  if (state.phase === 'pending') {
    if (running === state.version) {
      if (state.launches >= policy.unconfirmedLaunchesAllowed) return rollBack(state);
      return { state: { ...state, launches: state.launches + 1 }, action: { kind: 'await-health', deadlineSeconds: policy.healthDeadlineSeconds } };
    }
    // The installer never replaced the app (failed, or was cancelled by a power cut): do not try it nightly forever.
    return stay({ format: 1, phase: 'stable', version: running, refused: running === state.previous ? addRefused(state.refused, state.version) : state.refused });
  }
  if (running === state.version) {
    return { state: { format: 1, phase: 'stable', version: running, refused: state.refused }, action: { kind: 'rolled-back', version: running, failed: state.failed } };
  }
  if (running === state.failed && state.attempts < policy.maxRollbackAttempts) {
    return {
      state: { ...state, attempts: state.attempts + 1 },
      action: { kind: 'roll-back', version: state.version, failed: state.failed, installer: state.previousInstaller },
    };
  }
  return {
    state: { format: 1, phase: 'stable', version: running, refused: state.refused },
    action: running === state.failed ? { kind: 'rollback-gave-up', running, failed: state.failed } : { kind: 'none' },
  };
}

/** The stored state, or a fresh one for the running version when the file is missing or unreadable. */
export function parseRollbackState(text: string | null, running: string): RollbackState {
  if (text === null) return initialRollbackState(running);
  try {
    const parsed = rollbackStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : initialRollbackState(running);
  } catch {
    return initialRollbackState(running);
  }
}

export function serializeRollbackState(state: RollbackState): string {
  return `${JSON.stringify(rollbackStateSchema.parse(state))}\n`;
}
