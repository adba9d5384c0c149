import {
  IPC_ERROR_CODES,
  appInfoSchema,
  describeIssues,
  fail,
  messageOf,
  ok,
  printPageRequestSchema,
  type KioskBridge,
} from '../../../shared/ipc/contract';
import { withDocumentTitle, type TitledDocument } from '../../../shared/ipc/printJobTitle';

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
        await withDocumentTitle(env.document, parsed.data.jobName, async () => print());
        return ok({ printed: true });
      } catch (error) {
        return fail(IPC_ERROR_CODES.printFailed, messageOf(error));
      }
    },
  });
}
