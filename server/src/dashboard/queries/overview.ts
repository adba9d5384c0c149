import type { Kysely } from 'kysely';
import { SETTLED_STATES } from '../../../../shared/cases/transitions';
import { CASE_CHART_MONTHS, STALE_SYNC_DAYS, type CaseCounts, type OverviewResponse, type VillageOverview } from '../../../../shared/dashboard/overview';
import type { CaseState } from '../../../../shared/domain/case';
import type { Database } from '../../db/schema';
import { listFundFreshness, listPaymentsByProgram } from '../../repositories/fundTotals';
import { serverToday } from './serverToday';

const DAY_MS = 86_400_000;
const DONE_STATES: readonly string[] = ['completed', 'handedBack'];

/** "2026-11" twelve months back from "2026-11-27" → "2025-12" (the chart's first month). */
export function firstChartMonth(today: string, months: number = CASE_CHART_MONTHS): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const index = year * 12 + (month - 1) - (months - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function emptyCounts(): CaseCounts {
  return { open: 0, overdue: 0, completed: 0 };
}

/**
 * GET /overview. Every figure comes from a summary table or a covered index range (state counts
 * per village, open cases by deadline, open tickets by category), never a scan of all cases.
 */
export async function buildOverview(db: Kysely<Database>, now: Date): Promise<OverviewResponse> {
  const today = serverToday(now);
  const staleBefore = new Date(now.getTime() - STALE_SYNC_DAYS * DAY_MS).toISOString();
  const [villages, devices, stateCounts, overdue, objections, freshness, itemMonths, payments] = await Promise.all([
    db.selectFrom('villages').select(['code', 'name', 'township_code']).orderBy('township_code').orderBy('code').execute(),
    db
      .selectFrom('devices')
      .select((eb) => ['village_code', eb.fn.countAll<number>().as('devices'), eb.fn.max('last_seen_at').as('last_sync_at')])
      .where('revoked_at', 'is', null)
      .groupBy('village_code')
      .execute(),
    db.selectFrom('case_state_counts').select(['village_code', 'state', 'count']).execute(),
    db
      .selectFrom('cases')
      .select((eb) => ['village_code', eb.fn.countAll<number>().as('overdue')])
      .where('is_open', '=', 1)
      .where('deadline', '<', today)
      .groupBy('village_code')
      .execute(),
    db
      .selectFrom('feedback_queue')
      .select((eb) => ['village_code', eb.fn.countAll<number>().as('open')])
      .where('is_open', '=', 1)
      .where('category', '=', 'objection')
      .groupBy('village_code')
      .execute(),
    listFundFreshness(db),
    db.selectFrom('case_item_month_counts').select(['item_code', 'item_name', 'month', 'count']).where('month', '>=', firstChartMonth(today)).orderBy('month').orderBy('item_code').execute(),
    listPaymentsByProgram(db),
  ]);

  const counts = new Map<string, CaseCounts>();
  const countsOf = (code: string): CaseCounts => {
    let entry = counts.get(code);
    if (entry === undefined) counts.set(code, (entry = emptyCounts()));
    return entry;
  };
  for (const row of stateCounts) {
    const entry = countsOf(row.village_code);
    const n = Number(row.count);
    if (!SETTLED_STATES.includes(row.state as CaseState)) entry.open += n;
    if (DONE_STATES.includes(row.state)) entry.completed += n;
  }
  for (const row of overdue) countsOf(row.village_code).overdue = Number(row.overdue);
  const deviceBy = new Map(devices.map((row) => [row.village_code, row]));
  const objectionsBy = new Map(objections.map((row) => [row.village_code, Number(row.open)]));
  const fundsBy = new Map(freshness.map((row) => [row.villageCode, row.publishedAt]));

  const villageRows: VillageOverview[] = villages.map((village) => {
    const device = deviceBy.get(village.code);
    const lastSyncAt = device?.last_sync_at ?? null;
    return {
      code: village.code,
      name: village.name,
      townshipCode: village.township_code,
      devices: Number(device?.devices ?? 0),
      lastSyncAt,
      cases: counts.get(village.code) ?? emptyCounts(),
      openObjections: objectionsBy.get(village.code) ?? 0,
      fundDataAsOf: fundsBy.get(village.code) ?? null,
      stale: lastSyncAt === null || lastSyncAt < staleBefore,
    };
  });

  const totals = {
    villages: villageRows.length,
    devices: villageRows.reduce((sum, v) => sum + v.devices, 0),
    staleVillages: villageRows.filter((v) => v.stale).length,
    cases: villageRows.reduce((sum, v) => ({ open: sum.open + v.cases.open, overdue: sum.overdue + v.cases.overdue, completed: sum.completed + v.cases.completed }), emptyCounts()),
    openObjections: villageRows.reduce((sum, v) => sum + v.openObjections, 0),
  };
  return {
    generatedAt: now.toISOString(),
    today,
    totals,
    villages: villageRows,
    charts: {
      casesByItemMonth: itemMonths.map((row) => ({ itemCode: row.item_code, itemName: row.item_name, month: row.month, count: Number(row.count) })),
      paymentsByProgram: payments,
    },
  };
}
