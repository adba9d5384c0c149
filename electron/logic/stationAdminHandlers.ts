import { rename, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { buildDiagnosticsBundle, type DiagnosticsInput } from '../../shared/diagnostics/bundle';
import { IPC_ERROR_CODES, messageOf } from '../../shared/ipc/contract';
import type { EnrollHttpAnswer } from '../../shared/ipc/enrollCall';
import { DIAGNOSTICS_ERROR_CODES, diagnosticsSendOutcome, totalRedactions, type DiagnosticsRequest } from '../../shared/ipc/stationAdmin';
import type { SyncCredentials } from '../../shared/ipc/syncEnrollment';
import type { UnattendedSettings } from '../../shared/unattended/settings';
import { collectDiagnosticsInput } from './diagnosticsCollect';
import { writeFileAndSync } from './durableFile';
import { exportDiagnostics, readRecentLogLines, type DiagnosticsFs } from './diagnosticsExport';
import type { LogFileConfig } from './diagnosticsLog';
import { createNodePostJson } from './enrollHttp';
import { KioskIpcError, type KioskHandlers } from './ipcRouter';

/** The station administrator's maintenance methods in the main process (see shared/ipc/stationAdmin.ts). */
export type StationAdminMethods = 'getUnattendedSettings' | 'saveUnattendedSettings' | 'exportDiagnostics' | 'sendDiagnostics';

export const DIAGNOSTICS_PATH = '/api/v1/diagnostics';
/** A full bundle is a few MB over a weak mobile link: more patience than the enroll call's. */
export const DIAGNOSTICS_SEND_TIMEOUT_MS = 60_000;

/** What writing the settings file needs; `nodeSettingsFiles` below is the real one. */
export interface SettingsFiles {
  /** Writes and flushes the file (a power cut after the rename must not leave an empty file). */
  writeFileDurably(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  removeIfPresent(path: string): Promise<void>;
}

export interface StationAdminDeps {
  /** The settings main runs with now. */
  currentSettings: () => UnattendedSettings;
  /** Told after a successful save: main refreshes the power scheduler and the touch CSS. */
  applySettings: (settings: UnattendedSettings) => void;
  /** userData/unattended-settings.json (unattendedSettingsPath). */
  settingsPath: string;
  settingsFiles: SettingsFiles;
  /** The folder dialog (openDirectory); null when cancelled. */
  showFolder: () => Promise<string | null>;
  versions: () => DiagnosticsInput['versions'];
  /** The credential store's read(): null when not enrolled. */
  readCredentials: () => Promise<SyncCredentials | null>;
  logConfig: LogFileConfig;
  fs: DiagnosticsFs;
  fetch?: typeof fetch;
  sendTimeoutMs?: number;
  now: () => Date;
}

export function createStationAdminHandlers<C>(deps: StationAdminDeps): Pick<KioskHandlers<C>, StationAdminMethods> {
  const settingsResponse = (settings: UnattendedSettings) => ({ settings, controlsDisplayPower: true });

  async function bundleInput(request: DiagnosticsRequest, enrollment: SyncCredentials['enrollment'] | null): Promise<DiagnosticsInput> {
    return collectDiagnosticsInput({
      now: deps.now(),
      versions: deps.versions(),
      enrollment,
      reportedSync: request.sync,
      settings: deps.currentSettings(),
      logLines: recentLogLines(deps.fs, deps.logConfig),
    });
  }

  return {
    getUnattendedSettings: () => settingsResponse(deps.currentSettings()),
    saveUnattendedSettings: async (settings) => {
      try {
        await writeAtomically(deps.settingsFiles, deps.settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
      } catch (error) {
        throw new KioskIpcError(IPC_ERROR_CODES.fileFailed, `the settings could not be saved: ${messageOf(error)}`);
      }
      // Applied only once written: what runs is what the next start will read.
      deps.applySettings(settings);
      return settingsResponse(settings);
    },
    exportDiagnostics: async (request) => {
      const folder = await deps.showFolder();
      if (folder === null) return { exported: false, fileName: null, redactions: 0 };
      const credentials = await readCredentialsOrNull(deps);
      const result = exportDiagnostics(deps.fs, folder, await bundleInput(request, credentials?.enrollment ?? null));
      if (!result.ok) throw new KioskIpcError(IPC_ERROR_CODES.fileFailed, result.message);
      return { exported: true, fileName: basename(result.path), redactions: totalRedactions(result.bundle.redactions) };
    },
    sendDiagnostics: async (request) => {
      const credentials = await readCredentialsOrNull(deps);
      if (!credentials) throw new KioskIpcError(DIAGNOSTICS_ERROR_CODES.notEnrolled, 'this kiosk is not enrolled with a county');
      const bundle = buildDiagnosticsBundle(await bundleInput(request, credentials.enrollment));
      const post = createNodePostJson(withBearer(deps.fetch ?? globalThis.fetch, credentials.token), deps.sendTimeoutMs ?? DIAGNOSTICS_SEND_TIMEOUT_MS);
      const countyUrl = credentials.enrollment.countyUrl;
      let answer: EnrollHttpAnswer;
      try {
        answer = await post(`${countyUrl}${DIAGNOSTICS_PATH}`, bundle);
      } catch (error) {
        throw new KioskIpcError(DIAGNOSTICS_ERROR_CODES.offline, `no answer from ${countyUrl}: ${messageOf(error)}`);
      }
      return { id: countyIdOf(countyUrl, answer), redactions: totalRedactions(bundle.redactions) };
    },
  };
}

/**
 * The county's answer as the id of the stored bundle, or a refusal carrying the county's own code
 * and words (diagnosticsSendOutcome, shared with the web bridge).
 */
export function countyIdOf(countyUrl: string, answer: EnrollHttpAnswer): string {
  const outcome = diagnosticsSendOutcome(countyUrl, answer);
  if (outcome.ok) return outcome.id;
  throw new KioskIpcError(DIAGNOSTICS_ERROR_CODES.refused, outcome.message);
}

/** Wraps fetch so every call carries the device token (the enroll POST helper is reused as is). */
function withBearer(fetchImpl: typeof fetch, token: string): typeof fetch {
  return (input, init) => fetchImpl(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` } });
}

/** A broken credential file must not stop an export: the bundle then says "not enrolled". */
async function readCredentialsOrNull(deps: Pick<StationAdminDeps, 'readCredentials'>): Promise<SyncCredentials | null> {
  try {
    return await deps.readCredentials();
  } catch {
    return null;
  }
}

/** The kiosk whose log cannot be read is exactly the one that needs a bundle: say so inside it. */
function recentLogLines(fs: DiagnosticsFs, config: LogFileConfig): string[] {
  try {
    return readRecentLogLines(fs, config);
  } catch (error) {
    return [`[diagnostics] the log files could not be read: ${messageOf(error)}`];
  }
}

/** Temp file + rename: a crash mid-write leaves the old settings, never half a file main would reject. */
export async function writeAtomically(files: SettingsFiles, path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  try {
    await files.writeFileDurably(temp, text);
    await files.rename(temp, path);
  } catch (error) {
    await files.removeIfPresent(temp).catch(() => undefined);
    throw error;
  }
}

export const nodeSettingsFiles: SettingsFiles = {
  writeFileDurably: writeFileAndSync,
  rename: (from, to) => rename(from, to),
  removeIfPresent: async (path) => {
    try {
      await unlink(path);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'ENOENT') throw error;
    }
  },
};
