import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { CsvFormatError, CsvStreamParser } from '../../../../shared/csv';
import type { FundFileFormat, FundTextEncoding } from '../../../../shared/dashboard/funds';
import { FundFileError } from '../../../../shared/funds/fileError';
import { detectFundFileKind } from '../../../../shared/funds/fileKind';
import type { FundRecord } from '../../../../shared/funds/fundListValidator';
import { ENCODING_SNIFF_BYTES, FundTextDecoder, sniffFundTextEncoding } from '../../../../shared/funds/textDecoding';
import { cellToText } from './cellText';

export interface FundSourceInfo {
  format: FundFileFormat;
  encoding: FundTextEncoding | null;
}

export type RecordSink = (record: FundRecord) => void | Promise<void>;

const READ_CHUNK_BYTES = 1 << 20;
/** End-of-central-directory record: a ZIP cut short (an interrupted copy) has none. */
const ZIP_EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_EOCD_SEARCH = 65_536 + 22;

async function readHeadAndTail(path: string): Promise<{ head: Uint8Array; tail: Uint8Array; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, ENCODING_SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, ZIP_EOCD_SEARCH));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

/** Passes the file's records (CSV lines or XLSX rows of the first sheet) to `sink`, in order. */
export async function readFundFile(path: string, sink: RecordSink): Promise<FundSourceInfo> {
  const { head, tail, size } = await readHeadAndTail(path);
  const format = detectFundFileKind(head);
  if (format === 'xlsx') {
    if (Buffer.from(tail).lastIndexOf(ZIP_EOCD) === -1) throw new FundFileError('the workbook is truncated (the ZIP archive has no end record): upload the complete file');
    await readWorkbook(path, sink);
    return { format, encoding: null };
  }
  const encoding = sniffFundTextEncoding(head, size <= head.length);
  await readCsv(path, encoding, sink);
  return { format, encoding };
}

async function readCsv(path: string, encoding: FundTextEncoding, sink: RecordSink): Promise<void> {
  const decoder = new FundTextDecoder(encoding);
  const parser = new CsvStreamParser();
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  const feed = async (records: FundRecord[]): Promise<void> => {
    for (const record of records) {
      const pending = sink(record);
      if (pending !== undefined) await pending;
    }
  };
  try {
    for await (const chunk of stream) await feed(parser.push(decoder.decode(chunk as Buffer)));
    await feed(parser.push(decoder.finish()));
    await feed(parser.finish());
  } catch (error) {
    if (error instanceof CsvFormatError) throw new FundFileError(`CSV ${error.message}`);
    throw error;
  } finally {
    stream.destroy();
  }
}

/** Errors thrown by the sink (a bad header, a database failure) pass through; the reader's own become file errors. */
class SinkFailure {
  constructor(readonly error: unknown) {}
}

async function readWorkbook(path: string, sink: RecordSink): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Cached styles let the reader tell a date cell from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets++;
      // Only the first sheet is the list; later ones (notes, pivot tables) are drained unread.
      for await (const row of worksheet) {
        if (sheets > 1) continue;
        const values = Array.isArray(row.values) ? row.values : [];
        const fields: string[] = [];
        for (let i = 1; i < values.length; i++) fields.push(cellToText(values[i]));
        try {
          const pending = sink({ line: row.number, fields });
          if (pending !== undefined) await pending;
        } catch (error) {
          throw new SinkFailure(error);
        }
      }
    }
  } catch (error) {
    if (error instanceof SinkFailure) throw error.error;
    throw new FundFileError(`the workbook cannot be read (damaged, or not an .xlsx file): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (sheets === 0) throw new FundFileError('the ZIP archive holds no worksheet: it is not an Excel workbook');
}
