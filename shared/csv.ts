/**
 * RFC 4180 CSV, streamed: feed text chunks, get records with the line they started on.
 * Quoted fields may contain commas, quotes ("") and line breaks.
 */
export interface CsvRecord {
  /** 1-based line number where the record starts in the file. */
  line: number;
  fields: string[];
}

export class CsvFormatError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** Longest field accepted, so a file with a missing closing quote cannot swallow memory. */
export const MAX_CSV_FIELD_CHARS = 100_000;

export class CsvStreamParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteSeen = false;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;
  private started = false;

  /** Parses a chunk and returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      if (!this.started) {
        this.started = true;
        if (ch === '\uFEFF') continue; // byte-order mark
      }
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (ch === '"') {
          if (chunk[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === chunk.length) {
            // The quote may be the first half of "" split across chunks: decide on the next chunk.
            this.inQuotes = false;
            this.quoteSeen = true;
          } else {
            this.inQuotes = false;
          }
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
        }
        this.checkLength();
        continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (ch === '"') {
          this.field += '"';
          this.inQuotes = true;
          continue;
        }
      }
      if (ch === '"') {
        if (this.field.length > 0) throw new CsvFormatError(this.line, 'a quote inside an unquoted field');
        this.inQuotes = true;
      } else if (ch === ',') {
        this.fields.push(this.field);
        this.field = '';
      } else if (ch === '\r' || ch === '\n') {
        if (ch === '\r') this.pendingCr = true;
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += ch;
        this.checkLength();
      }
    }
    return out;
  }

  /** Ends the input; throws when a quoted field is still open. */
  finish(): CsvRecord[] {
    if (this.inQuotes) throw new CsvFormatError(this.recordLine, 'the file ends inside a quoted field');
    const out: CsvRecord[] = [];
    if (this.field.length > 0 || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    this.field = '';
    const fields = this.fields;
    this.fields = [];
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: this.recordLine, fields });
  }

  private checkLength(): void {
    if (this.field.length > MAX_CSV_FIELD_CHARS) throw new CsvFormatError(this.recordLine, 'a field is too long (missing closing quote?)');
  }
}

/** Quotes a field when it needs it. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number>): string {
  return values.map(csvField).join(',') + '\r\n';
}
