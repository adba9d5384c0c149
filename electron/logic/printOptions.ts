import type { PrintPageRequest } from '../../shared/ipc/contract';

/** The part of Electron's WebContentsPrintOptions the kiosk sets (kept here so logic needs no electron import). */
export interface KioskPrintOptions {
  silent: boolean;
  printBackground: boolean;
  deviceName?: string;
  pageSize: 'A4' | { width: number; height: number };
}

const MICRONS_PER_MM = 1000;
/**
 * A receipt roll has no page height. Chromium needs one, so a receipt is laid out on a tall strip;
 * thermal printers cut after the last printed line, not at the page end.
 */
const RECEIPT_STRIP_HEIGHT_MM = 297;

export function printOptionsFor(request: PrintPageRequest): KioskPrintOptions {
  const pageSize =
    request.pageSize === 'receipt58' || request.pageSize === 'receipt80'
      ? { width: (request.pageSize === 'receipt58' ? 58 : 80) * MICRONS_PER_MM, height: RECEIPT_STRIP_HEIGHT_MM * MICRONS_PER_MM }
      : ('A4' as const);
  const deviceName = request.deviceName ?? null;
  // A printer the administrator configured prints straight away; without one the agent gets the
  // dialog (choose a printer, or cancel).
  return deviceName === null
    ? { silent: false, printBackground: true, pageSize }
    : { silent: true, printBackground: true, deviceName, pageSize };
}
