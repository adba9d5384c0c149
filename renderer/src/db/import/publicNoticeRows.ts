import { CsvFormatError, CsvStreamParser, type CsvRecord } from '../../../../shared/csv';
import type { Disbursement } from '../../../../shared/domain/disbursement';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { checkPublicNoticeHeader, parsePublicNoticeRow, PUBLIC_NOTICE_COLUMNS, type PublicNoticeContext } from '../../../../shared/demo/publicNoticeCsv';
import { invalidData, readFailure } from './importError';
import type { CountyDataSource } from './source';

export interface NoticeRow {
  line: number;
  row: Disbursement;
  program: FundProgram;
}

/**
 * Columns that repeat the program's own fields on every row. Checking them catches a last line cut
 * short inside its final column, which would otherwise still parse.
 */
const PROGRAM_COLUMNS: ReadonlyArray<[column: PublicNoticeColumn, expected: (p: FundProgram) => string]> = [
  ['主管部门', (p) => p.department],
  ['政策依据文号', (p) => p.documents[0]?.docNo ?? ''],
  ['公示起', (p) => p.noticeFrom],
  ['公示止', (p) => p.noticeTo],
  ['咨询电话', (p) => p.consultPhone],
  ['监督电话', (p) => p.supervisePhone],
];

type PublicNoticeColumn = (typeof PUBLIC_NOTICE_COLUMNS)[number];

/** A row's field by column name, trimmed. */
export function noticeField(fields: readonly string[], column: PublicNoticeColumn): string {
  return (fields[PUBLIC_NOTICE_COLUMNS.indexOf(column)] ?? '').trim();
}

function programColumnMismatch(fields: readonly string[], program: FundProgram): string | null {
  for (const [column, expected] of PROGRAM_COLUMNS) {
    const got = noticeField(fields, column);
    const want = expected(program);
    if (got !== want) return `${column} "${got}" differs from program ${program.id} ("${want}")`;
  }
  return null;
}

async function* csvRecords(source: CountyDataSource, file: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvStreamParser();
  const iterator = source.streamText(file)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw readFailure(file, error);
      }
      if (next.done) break;
      yield* parser.push(next.value);
    }
    yield* parser.finish();
  } catch (error) {
    if (error instanceof CsvFormatError) throw invalidData(file, error.message.replace(/^line \d+: /, ''), error.line);
    throw error;
  } finally {
    await iterator.return?.();
  }
}

export interface RowReadOptions {
  /** Rows this returns false for are counted but not parsed (already validated rows of other places). */
  keep?: (fields: readonly string[]) => boolean;
  /** Called for every data row, kept or not. */
  onRecord?: () => void;
}

/** Streams the disbursement CSV as validated rows; the first problem throws an ImportError with its line. */
export async function* readPublicNoticeRows(
  source: CountyDataSource,
  file: string,
  ctx: PublicNoticeContext,
  options: RowReadOptions = {},
): AsyncGenerator<NoticeRow> {
  let headerSeen = false;
  for await (const record of csvRecords(source, file)) {
    if (!headerSeen) {
      const reason = checkPublicNoticeHeader(record.fields);
      if (reason) throw invalidData(file, reason, record.line);
      headerSeen = true;
      continue;
    }
    options.onRecord?.();
    if (options.keep && !options.keep(record.fields)) continue;
    const parsed = parsePublicNoticeRow(record.fields, ctx);
    if (!parsed.ok) throw invalidData(file, parsed.reason, record.line);
    const mismatch = programColumnMismatch(record.fields, parsed.program);
    if (mismatch) throw invalidData(file, mismatch, record.line);
    yield { line: record.line, row: parsed.row, program: parsed.program };
  }
  if (!headerSeen) throw invalidData(file, 'the file is empty (no header row)', 1);
}
