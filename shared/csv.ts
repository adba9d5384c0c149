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

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/** Where the parser stands between two characters. */
const State = {
  /** At the start of a field: a quote here opens a quoted field. */
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A quote inside a quoted field: "" is a literal quote, anything else must end the field. */
  QuoteInQuoted: 3,
} as const;
type State = (typeof State)[keyof typeof State];

export class CsvStreamParser {
  private field = '';
  private fields: string[] = [];
  private state: State = State.FieldStart;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;
  private started = false;

  /**
   * Parses a chunk and returns the records it completed. Runs of ordinary characters are
   * sliced out whole rather than appended one by one: a million-row file parses in seconds.
   */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = chunk.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    while (i < n) {
      if (this.pendingCr) {
        this.pendingCr = false;
        if (chunk.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.state === State.Quoted) {
        const quote = chunk.indexOf('"', i);
        const end = quote === -1 ? n : quote;
        for (let nl = chunk.indexOf('\n', i); nl !== -1 && nl < end; nl = chunk.indexOf('\n', nl + 1)) this.line++;
        this.field += chunk.slice(i, end);
        this.checkLength();
        if (quote === -1) break;
        this.state = State.QuoteInQuoted;
        i = quote + 1;
        continue;
      }
      const ch = chunk.charCodeAt(i);
      if (this.state === State.QuoteInQuoted) {
        if (ch === QUOTE) {
          this.field += '"';
          this.state = State.Quoted;
          i++;
          continue;
        }
        if (ch !== COMMA && ch !== CR && ch !== LF) throw new CsvFormatError(this.line, 'a closing quote must be followed by a comma or a line break');
      }
      if (ch === QUOTE) {
        if (this.state !== State.FieldStart) throw new CsvFormatError(this.line, 'a quote inside an unquoted field');
        this.state = State.Quoted;
        i++;
      } else if (ch === COMMA) {
        this.fields.push(this.field);
        this.field = '';
        this.state = State.FieldStart;
        i++;
      } else if (ch === CR || ch === LF) {
        if (ch === CR) this.pendingCr = true;
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        i++;
      } else {
        let j = i + 1;
        for (; j < n; j++) {
          const c = chunk.charCodeAt(j);
          if (c === COMMA || c === CR || c === LF || c === QUOTE) break;
        }
        this.field += chunk.slice(i, j);
        this.state = State.Unquoted;
        this.checkLength();
        i = j;
      }
    }
    return out;
  }

  /** Ends the input; throws when a quoted field is still open. */
  finish(): CsvRecord[] {
    if (this.state === State.Quoted) throw new CsvFormatError(this.recordLine, 'the file ends inside a quoted field');
    const out: CsvRecord[] = [];
    if (this.field.length > 0 || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
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
