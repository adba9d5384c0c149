import { IPC_ERROR_CODES, type AppInfo, type PrintPageResponse } from '../../shared/ipc/contract';
import { openFileWithDialog, saveFileWithDialog, type FileDialogs, type FileSystem } from './fileTransfer';
import { KioskIpcError, type KioskHandlers } from './ipcRouter';
import { applyKioskMode, type KioskWindow } from './kioskMode';
import { printOptionsFor, type KioskPrintOptions } from './printOptions';
import { toPrinterEntries, type PrinterInfoLike } from './printerList';
import type { StationAdminMethods } from './stationAdminHandlers';
import type { SyncEnrollmentMethods } from './syncEnrollmentHandlers';

/**
 * The Electron implementations of the contract's methods, written against small functions main
 * supplies (so they are tested without Electron).
 */

/** What webContents.print's callback reports. */
export interface PrintOutcome {
  success: boolean;
  failureReason: string;
}

export interface KioskHandlerDeps<C> {
  appInfo: () => Omit<AppInfo, 'mode'>;
  /** Prints the sender's page with these options (the dialog unless a printer is configured). */
  printSenderPage: (sender: C, options: KioskPrintOptions) => Promise<PrintOutcome>;
  /** The window the sender's page is in. */
  windowOf: (sender: C) => KioskWindow | null;
  listPrinters: (sender: C) => Promise<readonly PrinterInfoLike[]>;
  /** Native dialogs attached to the sender's window. */
  dialogsFor: (sender: C) => FileDialogs;
  fileSystem: FileSystem;
  /** County enrollment (see createSyncEnrollmentHandlers). */
  sync: Pick<KioskHandlers<C>, SyncEnrollmentMethods>;
  /** Unattended settings and diagnostics (see createStationAdminHandlers). */
  stationAdmin: Pick<KioskHandlers<C>, StationAdminMethods>;
}

export function createKioskHandlers<C>(deps: KioskHandlerDeps<C>): KioskHandlers<C> {
  return {
    getAppInfo: (_request, sender) => {
      const info = deps.appInfo();
      // After setKioskMode the window, not the launch option, says whether the kiosk is locked down.
      const window = deps.windowOf(sender);
      return { mode: 'electron', ...info, kioskMode: window && !window.isDestroyed() ? window.isKiosk() : info.kioskMode };
    },
    printPage: async (request, sender) => interpretPrintOutcome(await deps.printSenderPage(sender, printOptionsFor(request))),
    setKioskMode: (request, sender) => applyKioskMode(deps.windowOf(sender), request.enabled),
    listPrinters: async (_request, sender) => toPrinterEntries(await deps.listPrinters(sender)),
    saveFile: (request, sender) => saveFileWithDialog(request, deps.dialogsFor(sender), deps.fileSystem),
    openFile: (request, sender) => openFileWithDialog(request, deps.dialogsFor(sender), deps.fileSystem),
    ...deps.sync,
    ...deps.stationAdmin,
  };
}

/**
 * A cancelled dialog is an ordinary answer (printed: false); anything else that did not print is a
 * failure the agent needs to see (no printer, driver error). Chromium reports a cancel as
 * "Print job canceled" (older builds: "cancelled").
 */
export function interpretPrintOutcome(outcome: PrintOutcome): PrintPageResponse {
  if (outcome.success) return { printed: true };
  if (/cancel/i.test(outcome.failureReason)) return { printed: false };
  throw new KioskIpcError(IPC_ERROR_CODES.printFailed, outcome.failureReason.trim() || 'printing failed');
}
