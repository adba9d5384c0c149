import QRCode from 'qrcode';
import type { AgentPublic } from '../../../../shared/domain/agent';
import { getBridge } from '../../bridge';
import type { KioskDatabase } from '../../db/schema';
import type { StationSettings } from '../../db/villageRecords';
import { appendAudit } from '../../db/repositories/audit';

/** Roll paper: printable width and margin in mm. */
const ROLLS = { receipt58: { width: 58, margin: 2 }, receipt80: { width: 80, margin: 3 } } as const;
const MM_PER_CSS_PX = 25.4 / 96;
/** Used when the receipt cannot be measured (never rendered yet). */
const FALLBACK_ROLL_LENGTH_MM = 200;

/**
 * The @page rule for the station's paper. A roll has no fixed length ("80mm auto" is not valid
 * CSS), so the page is as long as the receipt measures: the printer feeds no blank paper.
 */
export function pageRuleFor(paper: StationSettings['paper'], contentHeightMm: number | null): string {
  if (paper === 'a4') return '@page { size: A4; margin: 15mm; }';
  const roll = ROLLS[paper];
  const length = contentHeightMm === null ? FALLBACK_ROLL_LENGTH_MM : Math.ceil(contentHeightMm + 2 * roll.margin + 4);
  return `@page { size: ${roll.width}mm ${length}mm; margin: ${roll.margin}mm; }`;
}

/** The height the print-only block will take on paper of this printable width, measured off-screen. */
export function measureHeightMm(element: HTMLElement | null, widthMm: number): number | null {
  if (!element) return null;
  element.classList.add('measuring');
  element.style.width = `${widthMm}mm`;
  try {
    const height = element.getBoundingClientRect().height;
    return height > 0 ? height * MM_PER_CSS_PX : null;
  } finally {
    element.classList.remove('measuring');
    element.style.width = '';
  }
}

const BRIDGE_PAGE_SIZES = { receipt58: 'receipt58', receipt80: 'receipt80', a4: 'A4' } as const;

/** The receipt number as an SVG QR code in a data: URL (img-src allows data:; no markup is injected). */
export async function receiptQrDataUrl(receiptNo: string): Promise<string> {
  const svg = await QRCode.toString(receiptNo, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Runs `print` with the paper's @page rule adopted by the document (CSSOM, so no inline <style> is
 * needed) and removes it afterwards, so A4 pages printed elsewhere keep their own size.
 */
async function withPageRule<T>(rule: string, print: () => Promise<T>): Promise<T> {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rule);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  try {
    return await print();
  } finally {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
  }
}

export type PrintOutcome = { ok: true; printed: boolean } | { ok: false; message: string };

/** Prints the receipt block already rendered in the page, and audits the print. */
export async function printCaseReceipt(
  db: KioskDatabase,
  receipt: { receiptNo: string; element: HTMLElement | null },
  settings: StationSettings,
  actor: AgentPublic,
): Promise<PrintOutcome> {
  const { receiptNo } = receipt;
  const roll = settings.paper === 'a4' ? null : ROLLS[settings.paper];
  const rule = pageRuleFor(settings.paper, roll ? measureHeightMm(receipt.element, roll.width - 2 * roll.margin) : null);
  const result = await withPageRule(rule, () =>
    getBridge().printPage({ jobName: `回执-${receiptNo}`, pageSize: BRIDGE_PAGE_SIZES[settings.paper], deviceName: settings.printerName }),
  );
  if (!result.ok) return { ok: false, message: result.error.message };
  await appendAudit(db, { actorId: actor.id, actorName: actor.name, action: 'print', subject: receiptNo, details: { kind: 'caseReceipt', paper: settings.paper, printed: result.value.printed } });
  return { ok: true, printed: result.value.printed };
}
