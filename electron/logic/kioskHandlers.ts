import { IPC_ERROR_CODES, type AppInfo, type PrintPageResponse } from '../../shared/ipc/contract';
import { KioskIpcError, type KioskHandlers } from './ipcRouter';

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
  /** Prints the sender's page: the print dialog on the default printer (the agent may pick another). */
  printSenderPage: (sender: C) => Promise<PrintOutcome>;
}

export function createKioskHandlers<C>(deps: KioskHandlerDeps<C>): KioskHandlers<C> {
  return {
    getAppInfo: () => ({ mode: 'electron', ...deps.appInfo() }),
    printPage: async (_request, sender) => interpretPrintOutcome(await deps.printSenderPage(sender)),
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
