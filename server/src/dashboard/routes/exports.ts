import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPORT_FORMATS, EXPORT_QUERY_SCHEMAS, exportPath, type ExportFormat, type ExportKind } from '../../../../shared/dashboard/exports';
import type { ExportColumn } from '../../../../shared/export/columns';
import { csvChunks } from '../../../../shared/export/csvWriter';
import { CASE_EXPORT_COLUMNS, caseExportRows } from '../exports/caseExport';
import { attachmentDisposition } from '../exports/contentDisposition';
import { DISBURSEMENT_EXPORT_COLUMNS, disbursementExportRows } from '../exports/disbursementExport';
import { FEEDBACK_EXPORT_COLUMNS, feedbackExportRows } from '../exports/feedbackExport';
import { xlsxStream } from '../exports/xlsxStream';
import { countyDate } from '../../../../shared/calendar/countyDay';
import type { DashboardContext } from '../context';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Chinese names for the people who open the files; the English kind in the ASCII fallback. */
const FILE_TITLES: Record<ExportKind, string> = { cases: '办件', feedback: '群众反馈', disbursements: '补贴发放' };

interface ExportSource<Row> {
  columns: ReadonlyArray<ExportColumn<Row>>;
  rows: AsyncIterable<Row>;
}

function send<Row>(reply: FastifyReply, kind: ExportKind, format: ExportFormat, source: ExportSource<Row>, now: Date): FastifyReply {
  const day = countyDate(now);
  const body = format === 'csv' ? Readable.from(csvChunks(source.columns, source.rows)) : xlsxStream(FILE_TITLES[kind], source.columns, source.rows);
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', attachmentDisposition(`${kind}-${day}.${format}`, `${FILE_TITLES[kind]}-${kind}-${day}.${format}`))
    // Personal data: never kept by a proxy or the browser's cache.
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * Downloads of the lists with their filters, streamed as they are read. The query is validated
 * before the first byte, so a bad filter is a 400, not a broken file.
 */
export function registerExportRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  for (const format of EXPORT_FORMATS) {
    scope.get(exportPath('cases', format), { config: { minRole: 'viewer' } }, async (request, reply) => {
      const filters = EXPORT_QUERY_SCHEMAS.cases.parse(request.query);
      const now = ctx.clock();
      return send(reply, 'cases', format, { columns: CASE_EXPORT_COLUMNS, rows: caseExportRows(ctx.db, filters, now) }, now);
    });
    scope.get(exportPath('feedback', format), { config: { minRole: 'viewer' } }, async (request, reply) => {
      const filters = EXPORT_QUERY_SCHEMAS.feedback.parse(request.query);
      const now = ctx.clock();
      return send(reply, 'feedback', format, { columns: FEEDBACK_EXPORT_COLUMNS, rows: feedbackExportRows(ctx.db, filters, now) }, now);
    });
    scope.get(exportPath('disbursements', format), { config: { minRole: 'viewer' } }, async (request, reply) => {
      const filters = EXPORT_QUERY_SCHEMAS.disbursements.parse(request.query);
      const now = ctx.clock();
      return send(reply, 'disbursements', format, { columns: DISBURSEMENT_EXPORT_COLUMNS, rows: disbursementExportRows(ctx.db, filters) }, now);
    });
  }
}
