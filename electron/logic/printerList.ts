import type { PrinterEntry } from '../../shared/ipc/contract';

/** What webContents.getPrintersAsync() gives; `isDefault` came and went across Electron versions. */
export interface PrinterInfoLike {
  name: string;
  isDefault?: boolean;
  options?: Record<string, string> | object;
}

function isDefaultPrinter(info: PrinterInfoLike): boolean {
  if (typeof info.isDefault === 'boolean') return info.isDefault;
  const flag = (info.options as Record<string, unknown> | undefined)?.['is-default'];
  return flag === true || flag === 'true';
}

/** Printers by name for the settings screen: unnamed or duplicate entries dropped, at most 100, default first. */
export function toPrinterEntries(infos: readonly PrinterInfoLike[]): { printers: PrinterEntry[] } {
  const seen = new Set<string>();
  const printers: PrinterEntry[] = [];
  for (const info of infos) {
    const name = typeof info.name === 'string' ? info.name.trim() : '';
    if (!name || name.length > 200 || seen.has(name)) continue;
    seen.add(name);
    printers.push({ name, isDefault: isDefaultPrinter(info) });
  }
  printers.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  return { printers: printers.slice(0, 100) };
}
