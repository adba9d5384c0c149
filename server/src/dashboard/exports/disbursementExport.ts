import type { Kysely } from 'kysely';
import type { DisbursementExportQuery } from '../../../../shared/dashboard/exports';
import { disbursementSchema, type Disbursement } from '../../../../shared/domain/disbursement';
import type { ExportColumn } from '../../../../shared/export/columns';
import type { Database } from '../../db/schema';
import { DISBURSEMENT_STATUS_LABELS } from './labels';

export interface DisbursementExportRow extends Disbursement {
  villageName: string;
}

export const DISBURSEMENT_EXPORT_COLUMNS: Array<ExportColumn<DisbursementExportRow>> = [
  { header: '项目编号', kind: 'text', value: (r) => r.programId },
  { header: '年度', kind: 'integer', value: (r) => r.year },
  { header: '期次', kind: 'integer', value: (r) => r.period },
  { header: '乡镇代码', kind: 'text', value: (r) => r.townshipCode },
  { header: '村代码', kind: 'text', value: (r) => r.villageCode },
  { header: '村', kind: 'text', value: (r) => r.villageName },
  { header: '组', kind: 'integer', value: (r) => r.group },
  { header: '户号', kind: 'text', value: (r) => r.householdNo },
  { header: '户主', kind: 'text', value: (r) => r.headName },
  { header: '身份证号（脱敏）', kind: 'text', value: (r) => r.idMasked },
  { header: '账号后四位', kind: 'text', value: (r) => r.accountLast4 },
  { header: '数量', kind: 'hundredths', value: (r) => r.quantityHundredths },
  { header: '单位', kind: 'text', value: (r) => r.unit },
  { header: '标准（元）', kind: 'amountFen', value: (r) => r.rateFen },
  { header: '应发（元）', kind: 'amountFen', value: (r) => r.dueFen },
  { header: '实发（元）', kind: 'amountFen', value: (r) => r.paidFen },
  { header: '发放日期', kind: 'text', value: (r) => r.paidDate ?? '' },
  { header: '状态', kind: 'text', value: (r) => DISBURSEMENT_STATUS_LABELS[r.status] },
  { header: '失败原因', kind: 'text', value: (r) => r.failureReason },
];

/** Log rows per read: a short keyset query each, so a million payments stream in constant memory. */
const BATCH = 2_000;

function matches(row: Disbursement, filters: DisbursementExportQuery): boolean {
  return (
    (filters.program === undefined || row.programId === filters.program) &&
    (filters.year === undefined || row.year === filters.year) &&
    (filters.status === undefined || row.status === filters.status)
  );
}

/**
 * The current payment rows, as the kiosks hold them: the latest 'disbursement' put of every key
 * in the change log, in publication order. A village filter reads the (village_code, id) index;
 * the other filters are on the JSON value, tested here. Each stored value is parsed again (the
 * database is a boundary too); a row that fails is an error, not a silently shorter file.
 */
export async function* disbursementExportRows(db: Kysely<Database>, filters: DisbursementExportQuery): AsyncGenerator<DisbursementExportRow> {
  const villages = new Map((await db.selectFrom('villages').select(['code', 'name']).execute()).map((v) => [v.code, v.name]));
  let afterId = 0;
  for (;;) {
    let query = db.selectFrom('changes').select(['id', 'value']).where('stream', '=', 'disbursement').where('op', '=', 'put').where('id', '>', afterId);
    if (filters.village !== undefined) query = query.where('village_code', '=', filters.village);
    const rows = await query.orderBy('id').limit(BATCH).execute();
    for (const row of rows) {
      const payment = disbursementSchema.parse(JSON.parse(row.value ?? 'null'));
      if (matches(payment, filters)) yield { ...payment, villageName: villages.get(payment.villageCode) ?? '' };
    }
    const tail = rows.at(-1);
    if (tail === undefined || rows.length < BATCH) return;
    afterId = Number(tail.id);
  }
}
