import { FundFileError } from './fileError';

/** What the first bytes of an upload say it is; XLSX is a ZIP container. */
export type FundFileKind = 'csv' | 'xlsx';

const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; describe: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46], describe: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], describe: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], describe: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], describe: 'a GIF image' },
  { bytes: [0x52, 0x61, 0x72, 0x21], describe: 'a RAR archive' },
  { bytes: [0x1f, 0x8b], describe: 'a gzip archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], describe: 'a 7z archive' },
  // OLE2: Excel 97-2003 (.xls), Word (.doc) and WPS files.
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], describe: 'an old Office file (Excel 97-2003 .xls or .doc); save it as .xlsx or CSV' },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * Decides from the first bytes (at least 4 when the file has them) whether the upload is a
 * workbook or text; anything else known is refused by name. A ZIP that is not a workbook is
 * refused later, by the workbook reader.
 */
export function detectFundFileKind(head: Uint8Array): FundFileKind {
  if (head.length === 0) throw new FundFileError('the file is empty');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) throw new FundFileError('the file is an empty ZIP archive, not a workbook');
  for (const signature of SIGNATURES) {
    if (startsWith(head, signature.bytes)) throw new FundFileError(`the file is ${signature.describe}, not a CSV or XLSX disbursement list`);
  }
  return 'csv';
}
