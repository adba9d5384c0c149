import {
  IPC_ERROR_CODES,
  appInfoSchema,
  describeIssues,
  ENROLL_ERROR_CODES,
  enrollDeviceRequestSchema,
  fail,
  messageOf,
  ok,
  openFileRequestSchema,
  printPageRequestSchema,
  saveFileRequestSchema,
  setKioskModeRequestSchema,
  type KioskBridge,
} from '../../../shared/ipc/contract';
import { withDocumentTitle, type TitledDocument } from '../../../shared/ipc/printJobTitle';
import { requestEnrollment, type PostJson } from '../../../shared/ipc/enrollCall';
import type { WebCredentialStore } from './webCredentialStore';
import { createWebStationAdmin } from './webStationAdmin';

/**
 * The bridge in a plain browser (web mode: the county preview and the browser tests). Same
 * interface and the same schemas as Electron's main process, so the UI cannot tell the difference
 * except through getAppInfo().mode.
 */
export interface WebBridgeEnvironment {
  version: string;
  platform: string;
  /** window.print, which blocks until the print dialog closes and cannot tell print from cancel. */
  print: (() => void) | undefined;
  document?: TitledDocument;
  /** Offers the bytes as a download under this name. */
  download?: (name: string, contentBase64: string, mimeType: string) => void;
  /** Lets the user pick a file; null on cancel. */
  pickFile?: (extensions: readonly string[]) => Promise<{ name: string; contentBase64: string } | null>;
  /** Leaves browser full screen, if the page is in it. */
  exitFullscreen?: () => Promise<void>;
  /** Where the county token is kept (IndexedDB); absent: this browser cannot enrol. */
  credentials?: WebCredentialStore;
  /** The enroll POST (the page's fetch). */
  postJson?: PostJson;
  /** The page's fetch, for calls that carry the device token (the diagnostics POST). */
  fetch?: typeof fetch;
  /** Where the unattended settings are kept (localStorage); absent: they cannot be saved. */
  settingsStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  now?: () => Date;
}

export function createWebBridge(env: WebBridgeEnvironment): KioskBridge {
  return Object.freeze({
    getAppInfo: async () => {
      const checked = appInfoSchema.safeParse({ mode: 'web', version: env.version, platform: env.platform, kioskMode: false });
      return checked.success ? ok(checked.data) : fail(IPC_ERROR_CODES.internal, `getAppInfo: ${describeIssues(checked.error)}`);
    },
    printPage: async (request: unknown) => {
      const parsed = printPageRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      const print = env.print;
      if (!print) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot print');
      try {
        // The browser does not report a cancelled dialog, so the dialog having opened counts as printed.
        // Page size and printer are the print dialog's business here (the page's @page rule sets the size).
        await withDocumentTitle(env.document, parsed.data.jobName, async () => print());
        return ok({ printed: true });
      } catch (error) {
        return fail(IPC_ERROR_CODES.printFailed, messageOf(error));
      }
    },
    setKioskMode: async (request: unknown) => {
      const parsed = setKioskModeRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      // A browser page cannot lock itself down; leaving full screen is all "kiosk exit" can mean here.
      if (!parsed.data.enabled) await env.exitFullscreen?.().catch(() => undefined);
      return ok({ kioskMode: false });
    },
    listPrinters: async () => ok({ printers: [] }),
    saveFile: async (request: unknown) => {
      const parsed = saveFileRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      if (!env.download) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot download files');
      try {
        env.download(parsed.data.suggestedName, parsed.data.contentBase64, parsed.data.mimeType);
        return ok({ saved: true });
      } catch (error) {
        return fail(IPC_ERROR_CODES.fileFailed, messageOf(error));
      }
    },
    openFile: async (request: unknown) => {
      const parsed = openFileRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      if (!env.pickFile) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot open files');
      try {
        return ok({ file: await env.pickFile(parsed.data.extensions) });
      } catch (error) {
        return fail(IPC_ERROR_CODES.fileFailed, messageOf(error));
      }
    },
    enrollDevice: async (request: unknown) => {
      const parsed = enrollDeviceRequestSchema.safeParse(request);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));
      const { credentials, postJson } = env;
      if (!credentials || !postJson) return fail(IPC_ERROR_CODES.unsupported, 'this browser cannot enrol the kiosk (no IndexedDB or fetch)');
      const result = await requestEnrollment(parsed.data, postJson, (env.now ?? (() => new Date()))());
      if (!result.ok) return result;
      try {
        await credentials.write(result.value);
      } catch (error) {
        return fail(ENROLL_ERROR_CODES.storageFailed, `enrolled, but the token could not be saved (${messageOf(error)}); ask the county for a new code`);
      }
      return ok(result.value.enrollment);
    },
    getSyncCredentials: async () => {
      if (!env.credentials) return ok(null);
      try {
        return ok(await env.credentials.read());
      } catch (error) {
        return fail(IPC_ERROR_CODES.internal, `getSyncCredentials: ${messageOf(error)}`);
      }
    },
    forgetEnrollment: async () => {
      if (!env.credentials) return ok({ forgotten: false });
      try {
        return ok({ forgotten: await env.credentials.forget() });
      } catch (error) {
        return fail(IPC_ERROR_CODES.internal, `forgetEnrollment: ${messageOf(error)}`);
      }
    },
    ...createWebStationAdmin(env),
  });
}
