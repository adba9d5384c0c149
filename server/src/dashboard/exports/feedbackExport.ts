import type { Kysely } from 'kysely';
import { CASES_PAGE_MAX } from '../../../../shared/dashboard/cases';
import type { FeedbackExportQuery } from '../../../../shared/dashboard/exports';
import type { FeedbackQueueRow } from '../../../../shared/dashboard/feedback';
import type { ExportColumn } from '../../../../shared/export/columns';
import type { Database } from '../../db/schema';
import { listFeedbackQueue } from '../queries/feedbackList';
import { describeFeedbackSubject, FEEDBACK_CATEGORY_LABELS, maskIdNumbersIn } from './labels';

export const FEEDBACK_EXPORT_COLUMNS: Array<ExportColumn<FeedbackQueueRow>> = [
  { header: '工单编号', kind: 'text', value: (r) => r.ticketNo },
  { header: '村代码', kind: 'text', value: (r) => r.villageCode },
  { header: '村', kind: 'text', value: (r) => r.villageName },
  { header: '类别', kind: 'text', value: (r) => FEEDBACK_CATEGORY_LABELS[r.category] },
  { header: '事由', kind: 'text', value: (r) => describeFeedbackSubject(r.subject) },
  { header: '内容', kind: 'text', value: (r) => maskIdNumbersIn(r.text) },
  { header: '收到时间', kind: 'text', value: (r) => r.receivedAt },
  { header: '等待天数', kind: 'integer', value: (r) => r.ageDays },
  { header: '答复', kind: 'text', value: (r) => (r.answer === null ? '' : maskIdNumbersIn(r.answer.text)) },
  { header: '答复人', kind: 'text', value: (r) => r.answer?.by ?? '' },
  { header: '答复时间', kind: 'text', value: (r) => r.answer?.at ?? '' },
];

/** Every row of the feedback queue for these filters, in its order, through the queue's own query. */
export async function* feedbackExportRows(db: Kysely<Database>, filters: FeedbackExportQuery, now: Date): AsyncGenerator<FeedbackQueueRow> {
  let cursor: string | undefined;
  do {
    const page = await listFeedbackQueue(db, { ...filters, limit: CASES_PAGE_MAX, ...(cursor === undefined ? {} : { cursor }) }, now);
    yield* page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
