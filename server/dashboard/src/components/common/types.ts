/** A badge's colour family; the badge's text always carries the meaning too. */
export type BadgeTone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

/** A CommonDataTable column: cells are rendered by the table's `cell` slot. */
export interface DataColumn {
  key: string;
  label: string;
  numeric?: boolean;
}
