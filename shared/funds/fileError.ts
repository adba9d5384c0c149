/**
 * A file the import cannot read at all (wrong type, unknown encoding, truncated workbook, no
 * header it can map). Unlike a bad row it stops the whole file; the message is shown to staff.
 */
export class FundFileError extends Error {
  override name = 'FundFileError';
}
