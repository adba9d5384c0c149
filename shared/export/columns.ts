import { formatFenAsYuan } from '../money';
import { neutraliseCell } from './neutraliseCell';

/**
 * How a column is written. 'text' is anything that came from a person or a kiosk and is
 * neutralised; 'amountFen' is integer fen, written as yuan (CSV: "123.45"; XLSX: the number
 * 123.45 with two decimals); 'hundredths' a quantity in hundredths, written the same way;
 * 'integer' a count. Dates stay ISO text: they start with a digit, so
 * neutralising never changes them, and a text date cannot be shifted by a spreadsheet's time zone.
 */
export type ExportColumnKind = 'text' | 'amountFen' | 'hundredths' | 'integer';

export interface ExportColumn<Row> {
  /** The header line, in Chinese: the files are read by county staff. */
  header: string;
  kind: ExportColumnKind;
  value: (row: Row) => string | number | null;
}

/** A cell as written to a file: neutralised text, or a number XLSX keeps numeric. */
export type ExportCell = string | number;

function expectNumber(value: string | number, header: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`column ${header}: expected an integer, got ${String(value)}`);
  return value;
}

/** The row's cells for a CSV line: every cell text. */
export function csvCells<Row>(columns: ReadonlyArray<ExportColumn<Row>>, row: Row): string[] {
  return columns.map((column) => {
    const value = column.value(row);
    if (value === null) return '';
    if (column.kind === 'amountFen' || column.kind === 'hundredths') return formatFenAsYuan(expectNumber(value, column.header));
    if (column.kind === 'integer') return String(expectNumber(value, column.header));
    return neutraliseCell(String(value));
  });
}

/** The row's cells for XLSX: numbers stay numbers (amounts in yuan), text is neutralised. */
export function xlsxCells<Row>(columns: ReadonlyArray<ExportColumn<Row>>, row: Row): Array<ExportCell | null> {
  return columns.map((column) => {
    const value = column.value(row);
    if (value === null) return null;
    // Integer fen / 100 is exact to two decimals as a double for every amount below 2^53 fen.
    if (column.kind === 'amountFen' || column.kind === 'hundredths') return expectNumber(value, column.header) / 100;
    if (column.kind === 'integer') return expectNumber(value, column.header);
    return neutraliseCell(String(value));
  });
}
