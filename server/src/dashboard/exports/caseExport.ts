import type { Kysely } from 'kysely';
import { CASES_PAGE_MAX, type CaseRow } from '../../../../shared/dashboard/cases';
import type { CaseExportQuery } from '../../../../shared/dashboard/exports';
import type { ExportColumn } from '../../../../shared/export/columns';
import type { Database } from '../../db/schema';
import { listCases } from '../queries/caseList';
import { serverToday } from '../queries/serverToday';
import { CASE_STATE_LABELS } from './labels';

export const CASE_EXPORT_COLUMNS: Array<ExportColumn<CaseRow>> = [
  { header: '受理编号', kind: 'text', value: (r) => r.receiptNo },
  { header: '村代码', kind: 'text', value: (r) => r.villageCode },
  { header: '村', kind: 'text', value: (r) => r.villageName },
  { header: '事项代码', kind: 'text', value: (r) => r.itemCode },
  { header: '事项', kind: 'text', value: (r) => r.itemName },
  { header: '状态', kind: 'text', value: (r) => CASE_STATE_LABELS[r.state] },
  { header: '申请人', kind: 'text', value: (r) => r.applicantNameMasked },
  { header: '受理日期', kind: 'text', value: (r) => r.createdOn },
  { header: '办结时限', kind: 'text', value: (r) => r.deadline },
  { header: '是否超期', kind: 'text', value: (r) => (r.overdue ? '是' : '否') },
  { header: '最近更新', kind: 'text', value: (r) => r.updatedAt },
];

/**
 * Every row of the cases list for these filters, in its order, page after page through the list's
 * own query: the file matches the screen by construction, and each page is a short keyset read, so
 * a million cases stream in constant memory without holding a transaction open.
 */
export async function* caseExportRows(db: Kysely<Database>, filters: CaseExportQuery, now: Date): AsyncGenerator<CaseRow> {
  const today = serverToday(now);
  let cursor: string | undefined;
  do {
    const page = await listCases(db, { ...filters, limit: CASES_PAGE_MAX, ...(cursor === undefined ? {} : { cursor }) }, today);
    yield* page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
