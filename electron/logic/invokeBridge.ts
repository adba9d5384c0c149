import { channelFor, type KioskMethodName } from '../../shared/ipc/methods';
import { IPC_ERROR_CODES, fail, messageOf, type IpcResult } from '../../shared/ipc/result';
import { jobNameOf, withDocumentTitle, type TitledDocument } from '../../shared/ipc/printJobTitle';
import type { KioskBridge } from '../../shared/ipc/contract';

/**
 * The object the preload exposes as window.kiosk: each contract method forwards its one argument to
 * ipcRenderer.invoke on the method's channel. Imports stay zod-free (type imports vanish), so the
 * sandboxed preload bundle holds nothing but this and require('electron').
 * Main validates everything; this side only guarantees that a failed invoke becomes a result too.
 */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

export interface InvokeBridgeOptions {
  /** The page's document, whose title names the print job (see printJobTitle). */
  document?: TitledDocument;
}

export function createInvokeBridge(invoke: Invoke, options: InvokeBridgeOptions = {}): KioskBridge {
  async function call(method: KioskMethodName, args: unknown[]): Promise<IpcResult<never>> {
    try {
      // Trusted: main answers every channel with an IpcResult checked against the response schema.
      return (await invoke(channelFor(method), ...args)) as IpcResult<never>;
    } catch (error) {
      return fail(IPC_ERROR_CODES.ipcUnavailable, messageOf(error));
    }
  }

  const bridge: KioskBridge = {
    // Arguments the page passes beyond the contract are dropped here, not forwarded.
    getAppInfo: () => call('getAppInfo', []),
    printPage: (request) => withDocumentTitle(options.document, jobNameOf(request), () => call('printPage', [request])),
    setKioskMode: (request) => call('setKioskMode', [request]),
    listPrinters: () => call('listPrinters', []),
    saveFile: (request) => call('saveFile', [request]),
    openFile: (request) => call('openFile', [request]),
    enrollDevice: (request) => call('enrollDevice', [request]),
    getSyncCredentials: () => call('getSyncCredentials', []),
    forgetEnrollment: () => call('forgetEnrollment', []),
    getUnattendedSettings: () => call('getUnattendedSettings', []),
    saveUnattendedSettings: (request) => call('saveUnattendedSettings', [request]),
    exportDiagnostics: (request) => call('exportDiagnostics', [request]),
    sendDiagnostics: (request) => call('sendDiagnostics', [request]),
  };
  // Frozen: the exposed API is exactly the contract, and the page cannot patch it.
  return Object.freeze(bridge);
}
