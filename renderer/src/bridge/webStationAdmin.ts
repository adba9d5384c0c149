import { buildDiagnosticsBundle, diagnosticsBundleJson, diagnosticsDeviceOf, diagnosticsFileName, type DiagnosticsBundle, type DiagnosticsInput } from '../../../shared/diagnostics/bundle';
import {
  DIAGNOSTICS_ERROR_CODES,
  IPC_ERROR_CODES,
  describeIssues,
  diagnosticsRequestSchema,
  diagnosticsSendOutcome,
  fail,
  messageOf,
  ok,
  saveUnattendedSettingsRequestSchema,
  totalRedactions,
  type DiagnosticsRequest,
  type IpcResult,
  type KioskBridge,
  type SendDiagnosticsResponse,
} from '../../../shared/ipc/contract';
import type { EnrollHttpAnswer } from '../../../shared/ipc/enrollCall';
import type { SyncCredentials } from '../../../shared/ipc/syncEnrollment';
import { DEFAULT_UNATTENDED_SETTINGS, parseUnattendedSettings, type UnattendedSettings } from '../../../shared/unattended/settings';
import { bytesToBase64 } from '../backup/base64';
import type { WebCredentialStore } from './webCredentialStore';
import { createWebPostJson } from './webEnrollHttp';

/**
 * The station administrator's methods in a plain browser. The settings are kept in localStorage
 * (a browser cannot switch the display on or off, so the hours are only kept); the diagnostics
 * bundle is built in the page and downloaded, or POSTed to the county with the web token. The page
 * keeps no log of its own, so a web bundle carries versions, enrollment, sync state and settings only.
 */

export const WEB_UNATTENDED_SETTINGS_KEY = 'village-kiosk-unattended-settings';
const DIAGNOSTICS_PATH = '/api/v1/diagnostics';
const SEND_TIMEOUT_MS = 60_000;

export interface WebStationAdminEnvironment {
  version: string;
  platform: string;
  settingsStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  credentials?: WebCredentialStore;
  download?: (name: string, contentBase64: string, mimeType: string) => void;
  fetch?: typeof fetch;
  now?: () => Date;
}

type StationAdminBridge = Pick<KioskBridge, 'getUnattendedSettings' | 'saveUnattendedSettings' | 'exportDiagnostics' | 'sendDiagnostics'>;

export function createWebStationAdmin(env: WebStationAdminEnvironment): StationAdminBridge {
  const now = (): Date => (env.now ?? (() => new Date()))();

  function readSettings(): UnattendedSettings {
    let stored: unknown = null;
    try {
      const text = env.settingsStorage?.getItem(WEB_UNATTENDED_SETTINGS_KEY) ?? null;
      stored = text === null ? null : JSON.parse(text);
    } catch {
      // Unreadable: the defaults, like a damaged file in Electron.
    }
    return stored === null ? DEFAULT_UNATTENDED_SETTINGS : parseUnattendedSettings(stored).value;
  }

  async function credentialsOrNull(): Promise<SyncCredentials | null> {
    try {
      return (await env.credentials?.read()) ?? null;
    } catch {
      return null;
    }
  }

  function bundleFor(request: DiagnosticsRequest, credentials: SyncCredentials | null): DiagnosticsBundle {
    const settings = readSettings();
    const enrollment = credentials?.enrollment ?? null;
    const input: DiagnosticsInput = {
      createdAt: now().toISOString(),
      versions: { app: env.version, platform: env.platform },
      device: diagnosticsDeviceOf(enrollment),
      sync: request.sync,
      settings: {
        mode: 'web',
        openingHours: settings.openingHours === null ? 'always' : `${settings.openingHours.from}-${settings.openingHours.to}`,
        touchMode: settings.touchMode,
      },
      logLines: [],
      errors: [],
    };
    return buildDiagnosticsBundle(input);
  }

  return {
    getUnattendedSettings: async () => ok({ settings: readSettings(), controlsDisplayPower: false }),
    saveUnattendedSettings: async (request: unknown) => {
      const parsed = saveUnattendedSettingsRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      if (!env.settingsStorage) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot keep settings');
      try {
        env.settingsStorage.setItem(WEB_UNATTENDED_SETTINGS_KEY, JSON.stringify(parsed.data));
      } catch (error) {
        return fail(IPC_ERROR_CODES.fileFailed, `the settings could not be saved: ${messageOf(error)}`);
      }
      return ok({ settings: parsed.data, controlsDisplayPower: false });
    },
    exportDiagnostics: async (request: unknown) => {
      const parsed = diagnosticsRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      if (!env.download) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot download files');
      try {
        const bundle = bundleFor(parsed.data, await credentialsOrNull());
        const fileName = diagnosticsFileName(bundle);
        env.download(fileName, bytesToBase64(new TextEncoder().encode(diagnosticsBundleJson(bundle))), 'application/json');
        return ok({ exported: true, fileName, redactions: totalRedactions(bundle.redactions) });
      } catch (error) {
        return fail(IPC_ERROR_CODES.fileFailed, messageOf(error));
      }
    },
    sendDiagnostics: async (request: unknown) => {
      const parsed = diagnosticsRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      const credentials = await credentialsOrNull();
      if (!credentials) return fail(DIAGNOSTICS_ERROR_CODES.notEnrolled, 'this kiosk is not enrolled with a county');
      const fetchImpl = env.fetch;
      if (!fetchImpl) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot reach the county');
      const bundle = bundleFor(parsed.data, credentials);
      const countyUrl = credentials.enrollment.countyUrl;
      const post = createWebPostJson(
        (input, init) => fetchImpl(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), Authorization: `Bearer ${credentials.token}` } }),
        SEND_TIMEOUT_MS,
      );
      let answer: EnrollHttpAnswer;
      try {
        answer = await post(`${countyUrl}${DIAGNOSTICS_PATH}`, bundle);
      } catch (error) {
        return fail(DIAGNOSTICS_ERROR_CODES.offline, `no answer from ${countyUrl}: ${messageOf(error)}`);
      }
      return countyAnswer(countyUrl, answer, totalRedactions(bundle.redactions));
    },
  };
}

/** The id, or the county's refusal in its words (the same mapping as main's). */
function countyAnswer(countyUrl: string, answer: EnrollHttpAnswer, redactions: number): IpcResult<SendDiagnosticsResponse> {
  const outcome = diagnosticsSendOutcome(countyUrl, answer);
  return outcome.ok ? ok({ id: outcome.id, redactions }) : fail(DIAGNOSTICS_ERROR_CODES.refused, outcome.message);
}
