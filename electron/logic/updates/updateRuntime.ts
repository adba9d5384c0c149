import { join } from 'node:path';
import { updateArchSchema, updatePlatformSchema, type UpdateFormat, type UpdateManifest } from '../../../shared/updates/manifest';
import { semverSchema } from '../../../shared/updates/semver';
import { fetchRunningInstaller } from './currentRelease';
import { archiveInstallers, recordVerifiedInstaller, type UpdateStoreFiles } from './installerArchive';
import { executeInstallerPlan, installedFormat, planInstallerLaunch, type InstallerFacts, type InstallerHost, type InstallerOutcome } from './installerLaunch';
import { DEFAULT_INSTALL_WINDOW, type InstallWindow } from './installWindow';
import {
  DEFAULT_ROLLBACK_POLICY,
  parseRollbackState,
  serializeRollbackState,
  stepRollback,
  type RollbackAction,
  type RollbackPolicy,
  type RollbackState,
} from './rollbackState';
import type { KioskIdentity } from './updateDecision';
import { DEFAULT_CHECK_INTERVAL_MS } from './updateSchedule';
import { EMPTY_UPDATE_MEMORY, runUpdateTick, type UpdateMemory } from './updateTick';

/**
 * The kiosk's update loop as main runs it: at start, the rollback state machine learns which
 * version launched and its action is carried out (wait for the health confirmation, go back, or
 * just note what happened); once the running version is settled, a tick every few minutes checks,
 * downloads and (at night, idle) installs. Electron-free: main injects its APIs.
 */

/** Often enough that the night window and an idle moment are not missed; the county is asked only every checkIntervalMs. */
export const UPDATE_TICK_INTERVAL_MS = 5 * 60 * 1000;
/** The first tick waits for start-up (sync, first screen) to finish. */
export const FIRST_UPDATE_TICK_DELAY_MS = 60 * 1000;
/** An installer that fails this often for one version (e.g. dpkg refuses it) is not tried again. */
export const MAX_FAILED_INSTALLS_PER_VERSION = 3;
export const UPDATE_STATE_FILE = 'update-state.json';
export const UPDATES_FOLDER = 'updates';

export interface UpdateLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface UpdateRuntimeDeps {
  kiosk: KioskIdentity & { format: UpdateFormat };
  userDataDir: string;
  files: UpdateStoreFiles;
  fetch: typeof fetch;
  /** The enrolled county and device token (credential store); null when not enrolled. */
  credentials(): Promise<{ countyUrl: string; token: string } | null>;
  /** net.isOnline() */
  online(): boolean;
  /** powerMonitor.getSystemIdleTime() */
  idleSeconds(): number;
  /** Wall clock, for the local install window only. */
  now(): Date;
  /** performance.now(): check intervals survive clock corrections. */
  monotonicMs(): number;
  timers: { setTimeout(run: () => void, delayMs: number): unknown; clearTimeout(handle: unknown): void };
  /** process.resourcesPath, process.env's APPIMAGE / INVOCATION_ID, and /proc/self/cgroup on Linux. */
  installerFacts: Pick<InstallerFacts, 'resourcesPath' | 'env' | 'cgroup'>;
  host: InstallerHost;
  log: UpdateLog;
  window?: InstallWindow;
  policy?: RollbackPolicy;
  checkIntervalMs?: number;
}

export interface UpdateRuntime {
  /** Once, early in main (after 'ready'); never rejects. */
  start(): Promise<void>;
  /** Main calls it once the window showed and the page loaded: this version starts healthily. */
  confirmHealthy(): void;
  /** One tick now (single flight: a tick under way is joined, not doubled). */
  tickNow(): Promise<void>;
  /** Resolves when the work queued so far has finished (tests; an orderly quit). */
  settled(): Promise<void>;
  stop(): void;
}

/** What the kiosk is, from process facts; null on a platform or architecture that gets no updates. */
export function kioskIdentityOf(facts: { version: string; platform: string; arch: string; env: InstallerFacts['env'] }): (KioskIdentity & { format: UpdateFormat }) | null {
  const platform = updatePlatformSchema.safeParse(facts.platform);
  const arch = updateArchSchema.safeParse(facts.arch);
  const version = semverSchema.safeParse(facts.version);
  const format = installedFormat(facts.platform, facts.env);
  if (!platform.success || !arch.success || !version.success || format === null) return null;
  return { version: version.data, platform: platform.data, arch: arch.data, format };
}

/**
 * Whether this process updates itself, and as what. Only a packaged kiosk does: a developer's
 * checkout (`npm start`) has no installer to replace, and must never run one.
 */
export function updateIdentityFor(
  facts: Parameters<typeof kioskIdentityOf>[0] & { isPackaged: boolean },
): { kind: 'on'; kiosk: KioskIdentity & { format: UpdateFormat } } | { kind: 'off'; reason: string } {
  if (!facts.isPackaged) return { kind: 'off', reason: 'not a packaged app' };
  const kiosk = kioskIdentityOf(facts);
  return kiosk === null ? { kind: 'off', reason: `no updates for ${facts.platform}-${facts.arch} version ${facts.version}` } : { kind: 'on', kiosk };
}

export function createUpdateRuntime(deps: UpdateRuntimeDeps): UpdateRuntime {
  const policy = deps.policy ?? DEFAULT_ROLLBACK_POLICY;
  const dir = join(deps.userDataDir, UPDATES_FOLDER);
  const statePath = join(deps.userDataDir, UPDATE_STATE_FILE);
  const running = deps.kiosk.version;

  let state: RollbackState = parseRollbackState(null, running);
  let memory: UpdateMemory = EMPTY_UPDATE_MEMORY;
  let currentInstaller: string | null = null;
  let recordedReady: string | null = null;
  /** The county has no installer of the running version to keep (never published it): install without one. */
  let currentReleaseUnavailable = false;
  const failedInstalls = new Map<string, number>();
  let healthTimer: unknown = null;
  let tickTimer: unknown = null;
  let awaitingHealth = false;
  let healthConfirmed = false;
  let ended = false;
  let work: Promise<void> = Promise.resolve();
  let tickInFlight: Promise<void> | null = null;

  /** Everything runs one piece at a time: a health confirmation never interleaves with a tick's state write. */
  const enqueue = (what: string, task: () => Promise<void>): Promise<void> => {
    const next = work.then(task).catch((error: unknown) => deps.log.error(`update ${what} failed: ${describe(error)}`));
    work = next;
    return next;
  };

  const persist = async (next: RollbackState): Promise<void> => {
    await deps.files.writeTextDurably(statePath, serializeRollbackState(next));
    state = next;
  };

  const clearTimers = (): void => {
    if (healthTimer !== null) deps.timers.clearTimeout(healthTimer);
    if (tickTimer !== null) deps.timers.clearTimeout(tickTimer);
    healthTimer = null;
    tickTimer = null;
  };

  const launch = async (installerPath: string): Promise<InstallerOutcome> => {
    const plan = planInstallerLaunch({ ...deps.installerFacts, platform: deps.kiosk.platform, format: deps.kiosk.format, installerPath });
    const outcome = await executeInstallerPlan(plan, deps.host);
    if (outcome.kind === 'app-ending') {
      ended = true;
      clearTimers();
    }
    return outcome;
  };

  const scheduleTick = (delayMs: number): void => {
    if (ended) return;
    if (tickTimer !== null) deps.timers.clearTimeout(tickTimer);
    tickTimer = deps.timers.setTimeout(() => {
      tickTimer = null;
      void tickNow();
    }, delayMs);
  };

  /** The running version is settled: find its installer for the next rollback, prune, start ticking. */
  const afterStable = async (): Promise<void> => {
    const inUse = [memory.wanted?.id, memory.ready?.manifest.id].filter((id): id is string => id !== undefined);
    // Scheduled first: an unreadable updates folder must not switch updates off until the next start.
    scheduleTick(FIRST_UPDATE_TICK_DELAY_MS);
    const archive = await archiveInstallers({ files: deps.files, dir, running, format: deps.kiosk.format, inUse, refused: state.refused, log: (message) => deps.log.info(message) });
    currentInstaller = archive.currentInstaller;
    if (currentInstaller === null) deps.log.info(`no installer of ${running} kept: an update from it could not be rolled back offline`);
  };

  const rollBack = async (action: Extract<RollbackAction, { kind: 'roll-back' }>): Promise<void> => {
    if (action.installer === null) {
      // Nothing to go back with (the previous version came from a USB stick). Staying in
      // 'rolling-back' would block every update until restarts used up the attempts, so this
      // version is kept as what runs (its failure stays refused) and a newer fixed one can come.
      deps.log.error(`${action.failed} did not start healthily, but no installer of ${action.version} is kept: staying on ${action.failed}`);
      await persist({ format: 1, phase: 'stable', version: running, refused: state.refused });
      await afterStable();
      return;
    }
    deps.log.warn(`${action.failed} did not start healthily: going back to ${action.version}`);
    const outcome = await launch(action.installer);
    // The state stays 'rolling-back': the next start as the failed version tries again (up to the policy's attempts).
    if (outcome.kind === 'failed') deps.log.error(`going back to ${action.version} failed: ${outcome.reason}`);
  };

  const carryOut = async (action: RollbackAction): Promise<void> => {
    switch (action.kind) {
      case 'none':
        return afterStable();
      case 'await-health':
        if (healthConfirmed) return onHealthy();
        awaitingHealth = true;
        deps.log.info(`${running} is new: waiting ${action.deadlineSeconds} s for a healthy start`);
        healthTimer = deps.timers.setTimeout(() => {
          healthTimer = null;
          void enqueue('health deadline', onDeadline);
        }, action.deadlineSeconds * 1000);
        return;
      case 'roll-back':
        return rollBack(action);
      case 'rolled-back':
        deps.log.warn(`back on ${action.version}: ${action.failed} did not start healthily and is not installed again`);
        return afterStable();
      case 'rollback-gave-up':
        deps.log.warn(`going back from ${action.failed} did not work; staying on it`);
        return afterStable();
    }
  };

  const onHealthy = async (): Promise<void> => {
    if (!awaitingHealth && state.phase !== 'pending') return;
    awaitingHealth = false;
    if (healthTimer !== null) deps.timers.clearTimeout(healthTimer);
    healthTimer = null;
    await persist(stepRollback(state, { kind: 'healthy', running }, policy).state);
    deps.log.info(`${running} started healthily`);
    await afterStable();
  };

  const onDeadline = async (): Promise<void> => {
    if (!awaitingHealth) return;
    awaitingHealth = false;
    const step = stepRollback(state, { kind: 'health-deadline-passed', running }, policy);
    await persist(step.state);
    await carryOut(step.action);
  };

  const installUpdate = async (manifest: UpdateManifest, path: string): Promise<void> => {
    await recordVerifiedInstaller(deps.files, dir, manifest);
    deps.log.info(`installing ${manifest.version}`);
    const outcome = await launch(path);
    if (outcome.kind === 'app-ending') return;
    // The installer never ran to the end: this version keeps running, so 'pending' is undone now
    // rather than at the next start (it would block updates until then). A dpkg lock held by the
    // system's own nightly upgrade is transient, so a version is refused only after repeated failures.
    const failures = (failedInstalls.get(manifest.version) ?? 0) + 1;
    failedInstalls.set(manifest.version, failures);
    const refuse = failures >= MAX_FAILED_INSTALLS_PER_VERSION && !state.refused.includes(manifest.version);
    deps.log.error(`update ${manifest.version} did not install (${failures}×): ${outcome.reason}${refuse ? '; not tried again' : ''}`);
    await persist({ format: 1, phase: 'stable', version: running, refused: refuse ? [...state.refused, manifest.version].slice(-50) : state.refused });
  };

  /**
   * Before an update is installed, the running version's own installer must be at hand for going
   * back offline. A kiosk installed from a USB stick has none, so it is fetched from the county (and
   * verified) first. false: not yet (offline, interrupted), so the install waits for a later tick.
   */
  const keepCurrentInstaller = async (): Promise<boolean> => {
    if (currentInstaller !== null || currentReleaseUnavailable) return true;
    const credentials = await deps.credentials();
    if (credentials === null || !deps.online()) return false;
    const kept = await fetchRunningInstaller({ fetch: deps.fetch, files: deps.files, countyUrl: credentials.countyUrl, token: credentials.token, kiosk: deps.kiosk, dir });
    if (kept.kind === 'later') return false;
    if (kept.kind === 'unavailable') {
      currentReleaseUnavailable = true;
      deps.log.warn(`no installer of ${running} from the county (${kept.reason}): this update cannot be rolled back offline`);
      return true;
    }
    currentInstaller = kept.path;
    deps.log.info(`kept the installer of ${running} for going back`);
    return true;
  };

  const tick = async (): Promise<void> => {
    if (memory.ready !== null && !(await keepCurrentInstaller())) return;
    const now = deps.now();
    const result = await runUpdateTick(
      {
        credentials: deps.credentials,
        online: deps.online,
        kiosk: deps.kiosk,
        fetch: deps.fetch,
        files: deps.files,
        dir,
        now: deps.monotonicMs,
        moment: () => ({ localMinutes: now.getHours() * 60 + now.getMinutes(), idleSeconds: deps.idleSeconds() }),
        window: deps.window ?? DEFAULT_INSTALL_WINDOW,
        checkIntervalMs: deps.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS,
        readState: async () => state,
        saveState: persist,
        currentInstaller,
        launchInstaller: installUpdate,
        log: (message) => deps.log.warn(message),
      },
      memory,
    );
    memory = result.memory;
    if (memory.ready !== null && memory.ready.manifest.id !== recordedReady) {
      await recordVerifiedInstaller(deps.files, dir, memory.ready.manifest);
      recordedReady = memory.ready.manifest.id;
    }
  };

  const tickNow = (): Promise<void> => {
    if (tickInFlight !== null) return tickInFlight;
    if (ended) return Promise.resolve();
    if (tickTimer !== null) deps.timers.clearTimeout(tickTimer);
    tickTimer = null;
    const current = enqueue('tick', tick).finally(() => {
      tickInFlight = null;
      scheduleTick(UPDATE_TICK_INTERVAL_MS);
    });
    tickInFlight = current;
    return current;
  };

  return {
    start: () =>
      enqueue('start', async () => {
        const launched = stepRollback(parseRollbackState(await deps.files.readText(statePath), running), { kind: 'launched', running }, policy);
        await persist(launched.state);
        await carryOut(launched.action);
      }),
    confirmHealthy: () => {
      if (healthConfirmed) return;
      healthConfirmed = true;
      void enqueue('health confirmation', onHealthy);
    },
    tickNow,
    settled: async () => {
      for (let seen = work; ; seen = work) {
        await seen;
        if (seen === work) return;
      }
    },
    stop: () => {
      ended = true;
      clearTimers();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
