/**
 * Fund import (services/fundImport): uploads kept between preview and publish, and the county's
 * published payment totals per (program, village) for the dashboard's overview.
 */
export interface FundUploadsTable {
  id: string;
  file_name: string;
  /** 'csv' | 'xlsx' */
  format: string;
  /** 'utf-8' | 'utf-8-bom' | 'gb18030' for CSV; null for XLSX. */
  encoding: string | null;
  /** The program chosen when uploading (a list without a program column); null otherwise. */
  program_id: string | null;
  /** File name inside the upload folder (the bytes as received). */
  stored_name: string;
  size_bytes: number;
  /** JSON of the validation counts (FundListCounts): what the preview shows. */
  summary: string;
  /** 1 when there is at least one good row and no bad one. */
  publishable: number;
  /** 'ready' | 'published' */
  state: string;
  /** Staff user id, or null for the CLI. */
  uploaded_by: string | null;
  uploaded_at: string;
  expires_at: string;
  published_at: string | null;
}

/** Published totals of one program in one village; replaced whole by each publication of that slice. */
export interface FundTotalsTable {
  program_id: string;
  village_code: string;
  households: number;
  /** bigint on PostgreSQL (a county's totals pass 2^31 fen): read with Number(). */
  due_fen: number | string;
  paid_fen: number | string;
  published_at: string;
}

export interface FundTables {
  fund_uploads: FundUploadsTable;
  fund_totals: FundTotalsTable;
}
