import { csvLine } from '../csv';
import { csvCells, type ExportColumn } from './columns';

/**
 * Excel opens a CSV as UTF-8 only when it starts with a BOM; without it Chinese text comes out
 * as mojibake on a county office's Windows machine.
 */
export const CSV_BOM = '\uFEFF';

/** Text is handed out in chunks of about this many characters, so a million rows are never one string. */
const CHUNK_CHARS = 64 * 1024;

/**
 * An export as CSV text chunks: BOM and header line first, then the rows, RFC 4180 quoted, CRLF.
 * Pulls rows from `rows` only as the consumer pulls chunks, so memory stays at one chunk.
 */
export async function* csvChunks<Row>(columns: ReadonlyArray<ExportColumn<Row>>, rows: AsyncIterable<Row>): AsyncGenerator<string> {
  let chunk = CSV_BOM + csvLine(columns.map((c) => c.header));
  for await (const row of rows) {
    chunk += csvLine(csvCells(columns, row));
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
