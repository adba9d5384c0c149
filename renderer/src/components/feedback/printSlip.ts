import { nextTick } from 'vue';
import { getBridge } from '../../bridge';
import type { StationSettings } from '../../db/villageRecords';
import { measureHeightMm, pageRuleFor } from '../cases/receiptPrinting';

const ROLL_PRINTABLE_WIDTH_MM: Record<Exclude<StationSettings['paper'], 'a4'>, number> = { receipt58: 54, receipt80: 74 };
const BRIDGE_PAGE_SIZES = { receipt58: 'receipt58', receipt80: 'receipt80', a4: 'A4' } as const;

/**
 * Prints the page's feedback slip on the station's paper and printer. The @page rule (a roll as long
 * as the slip measures) is adopted only while this slip prints, so other pages keep their A4 layout.
 */
export async function printSlip(jobName: string, slip: HTMLElement | null, settings: StationSettings): Promise<{ ok: true } | { ok: false; message: string }> {
  await nextTick();
  const height = settings.paper === 'a4' ? null : measureHeightMm(slip, ROLL_PRINTABLE_WIDTH_MM[settings.paper]);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(pageRuleFor(settings.paper, height));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  try {
    const result = await getBridge().printPage({ jobName, pageSize: BRIDGE_PAGE_SIZES[settings.paper], deviceName: settings.printerName });
    return result.ok ? { ok: true } : { ok: false, message: result.error.message };
  } finally {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
  }
}
