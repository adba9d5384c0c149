import type { FastifyInstance } from 'fastify';
import { caseIdParamsSchema, casesQuerySchema, recordResultBodySchema, type CaseDetail, type CasesPage } from '../../../../shared/dashboard/cases';
import { HttpError } from '../../httpError';
import { recordCountyTransition } from '../../services/countyCaseEvents';
import { CountyWriteError } from '../../services/countyWriteError';
import type { DashboardContext } from '../context';
import { getCaseDetail } from '../queries/caseDetail';
import { listCases } from '../queries/caseList';
import { serverToday } from '../queries/serverToday';

const WRITE_ERROR_STATUS: Record<CountyWriteError['code'], number> = {
  UNKNOWN_CASE: 404,
  UNKNOWN_TICKET: 404,
  AMBIGUOUS_RECEIPT: 409,
  AMBIGUOUS_TICKET: 409,
  ILLEGAL_TRANSITION: 409,
  REASON_REQUIRED: 400,
};

/** A refused county write as an HTTP answer: its code and message are written for staff. */
export function countyWriteHttpError(error: unknown): unknown {
  return error instanceof CountyWriteError ? new HttpError(WRITE_ERROR_STATUS[error.code], error.code, error.message) : error;
}

async function requireDetail(ctx: DashboardContext, id: string): Promise<CaseDetail> {
  const detail = await getCaseDetail(ctx.db, id, serverToday(ctx.clock()));
  if (detail === undefined) throw new HttpError(404, 'UNKNOWN_CASE', `no case ${id}`);
  return detail;
}

/** GET /cases, GET /cases/:id, POST /cases/:id/result. */
export function registerCaseRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/cases', { config: { minRole: 'viewer' } }, async (request): Promise<CasesPage> => {
    const query = casesQuerySchema.parse(request.query);
    return listCases(ctx.db, query, serverToday(ctx.clock()));
  });

  scope.get('/cases/:id', { config: { minRole: 'viewer' } }, async (request): Promise<CaseDetail> => {
    const { id } = caseIdParamsSchema.parse(request.params);
    return requireDetail(ctx, id);
  });

  /**
   * The result is stored as a county event of the case and published on the village's change
   * stream, so the kiosk shows it after its next sync. Answers the case as it now is.
   */
  scope.post('/cases/:id/result', { config: { minRole: 'clerk' } }, async (request): Promise<CaseDetail> => {
    const { id } = caseIdParamsSchema.parse(request.params);
    const body = recordResultBodySchema.parse(request.body);
    const staff = request.staff;
    if (staff === null) throw new HttpError(401, 'UNAUTHENTICATED', 'not signed in');
    const row = await ctx.db.selectFrom('cases').select('receipt_no').where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new HttpError(404, 'UNKNOWN_CASE', `no case ${id}`);
    try {
      await recordCountyTransition(ctx.db, { receiptNo: row.receipt_no, to: body.to, reason: body.reason, by: staff.name }, ctx.clock());
    } catch (error) {
      throw countyWriteHttpError(error);
    }
    return requireDetail(ctx, id);
  });
}
