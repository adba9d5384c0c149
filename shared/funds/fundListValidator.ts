import { FUND_BAD_ROWS_LISTED, type FundBadRow, type FundProgramSummary, type FundUploadPreview, type FundVillageSummary } from '../dashboard/funds';
import type { FundImportContext } from './fundContext';
import { parseFundRow, type ParsedFundRow } from './fundRow';
import { describeNoHeader, mapHeaderRow, MAX_TITLE_ROWS, requireFundColumns, type HeaderMapping } from './headerMapping';
import { HashedKeySet } from './keySet';

export type FundListCounts = Pick<
  FundUploadPreview,
  'rows' | 'goodRows' | 'badRowCount' | 'badRows' | 'duplicates' | 'byProgram' | 'byVillage' | 'headerMapping' | 'skippedTitleRows' | 'skippedTotalRows'
>;

export interface FundRecord {
  line: number;
  fields: readonly string[];
}

const TOTAL_LABELS = new Set(['合计', '总计', '小计', '合计:', '总计:']);

export interface FundSliceSummary {
  programId: string;
  villageCode: string;
  households: number;
  dueFen: number;
  paidFen: number;
}

/** One (program, village) slice of the county's disbursements: what a file replaces. */
export function fundSliceKey(programId: string, villageCode: string): string {
  return `${programId}|${villageCode}`;
}

/**
 * Reads a disbursement list record by record (from CSV or XLSX alike): finds the header below
 * any title rows, then checks every row and keeps only what the summary needs — per-program and
 * per-village totals, the first FUND_BAD_ROWS_LISTED bad rows, and 64-bit keys for duplicates —
 * so memory does not grow with the file beyond ~12 bytes a row.
 */
export class FundListValidator {
  private header: HeaderMapping | null = null;
  private readonly titleRows: Array<readonly string[]> = [];
  private readonly keys = new HashedKeySet();
  private readonly programs = new Map<string, FundProgramSummary>();
  private readonly villages = new Map<string, FundVillageSummary>();
  private readonly slices = new Map<string, FundSliceSummary>();
  /** Households counted once per slice however many periods they are paid in. */
  private readonly households = new HashedKeySet();
  private readonly badRows: FundBadRow[] = [];
  private rows = 0;
  private goodRows = 0;
  private badRowCount = 0;
  private duplicates = 0;
  private skippedTotalRows = 0;

  constructor(private readonly ctx: FundImportContext) {}

  /**
   * Returns the parsed row for a data row, null for title, header, blank and total rows.
   * Throws a FundFileError when no header appears in time or a required column is missing.
   */
  push(record: FundRecord): ParsedFundRow | null {
    let blank = true;
    let total = false;
    for (const field of record.fields) {
      const text = field.trim();
      if (text !== '') blank = false;
      if (TOTAL_LABELS.has(text)) total = true;
    }
    if (blank) return null;
    if (this.header === null) {
      const header = mapHeaderRow(record.fields);
      if (header === null) {
        this.titleRows.push(record.fields);
        if (this.titleRows.length > MAX_TITLE_ROWS) throw describeNoHeader(this.titleRows);
        return null;
      }
      requireFundColumns(header, record.fields, this.ctx.fixedProgram !== null);
      this.header = header;
      return null;
    }
    if (total) {
      this.skippedTotalRows++;
      return null;
    }
    this.rows++;
    const parsed = parseFundRow(record.fields, this.header, this.ctx);
    if (!parsed.ok) return this.bad(record.line, parsed.reason);
    const firstLine = this.keys.add(parsed.row.id, record.line);
    if (firstLine !== null) {
      this.duplicates++;
      const hint = this.header.columns.householdNo === undefined ? ' (the household number is derived from ID and name: add a 户号 column)' : '';
      return this.bad(record.line, `duplicate of line ${firstLine}: same program, period, village and household${hint}`);
    }
    this.goodRows++;
    const { row, program, village } = parsed;
    const p = this.programs.get(program.id) ?? { programId: program.id, programName: program.name, year: program.year, rows: 0, dueFen: 0, paidFen: 0 };
    p.rows++;
    p.dueFen += row.dueFen;
    p.paidFen += row.paidFen;
    this.programs.set(program.id, p);
    const v = this.villages.get(village.code) ?? { villageCode: village.code, villageName: village.name, rows: 0, paidFen: 0 };
    v.rows++;
    v.paidFen += row.paidFen;
    this.villages.set(village.code, v);
    const sliceKey = fundSliceKey(program.id, village.code);
    const slice = this.slices.get(sliceKey) ?? { programId: program.id, villageCode: village.code, households: 0, dueFen: 0, paidFen: 0 };
    if (this.households.add(`${sliceKey}|${row.householdNo}`, record.line) === null) slice.households++;
    slice.dueFen += row.dueFen;
    slice.paidFen += row.paidFen;
    this.slices.set(sliceKey, slice);
    return parsed;
  }

  /** Ends the file; throws a FundFileError when no header was ever found. */
  finish(): void {
    if (this.header === null) throw describeNoHeader(this.titleRows);
  }

  /** True when a disbursement id is among the file's rows. */
  hasKey(id: string): boolean {
    return this.keys.has(id);
  }

  /** The (program, village) slices the file's good rows cover, with their totals. */
  coveredSlices(): FundSliceSummary[] {
    return [...this.slices.values()];
  }

  counts(): FundListCounts {
    return {
      rows: this.rows,
      goodRows: this.goodRows,
      badRowCount: this.badRowCount,
      badRows: [...this.badRows],
      duplicates: this.duplicates,
      byProgram: [...this.programs.values()].sort((a, b) => b.year - a.year || a.programId.localeCompare(b.programId)),
      byVillage: [...this.villages.values()].sort((a, b) => a.villageCode.localeCompare(b.villageCode)),
      headerMapping: this.header?.mapped ?? [],
      skippedTitleRows: this.titleRows.length,
      skippedTotalRows: this.skippedTotalRows,
    };
  }

  private bad(line: number, reason: string): ParsedFundRow {
    this.badRowCount++;
    if (this.badRows.length < FUND_BAD_ROWS_LISTED) this.badRows.push({ line, reason });
    return { ok: false, reason };
  }
}
