import { z } from 'zod';
import { isoDateSchema, townshipCodeSchema, villageCodeSchema } from '../domain/common';

/** A village whose kiosks have not synced for this many days (or never) is flagged stale. */
export const STALE_SYNC_DAYS = 7;
/** The cases-by-item chart covers this many calendar months, the current one included. */
export const CASE_CHART_MONTHS = 12;

const count = z.number().int().min(0);

export const villageRefSchema = z.object({ code: villageCodeSchema, name: z.string(), townshipCode: townshipCodeSchema });
export type VillageRef = z.infer<typeof villageRefSchema>;

/** GET /villages: every village, for filter dropdowns (sorted by township, then code). */
export const villagesResponseSchema = z.object({ villages: z.array(villageRefSchema) });
export type VillagesResponse = z.infer<typeof villagesResponseSchema>;

/**
 * Case counts: open = not settled (not completed, handed back, declined or terminated);
 * overdue = open and past its deadline (server date); completed = completed or handed back.
 */
export const caseCountsSchema = z.object({ open: count, overdue: count, completed: count });
export type CaseCounts = z.infer<typeof caseCountsSchema>;

export const villageOverviewSchema = z.object({
  code: villageCodeSchema,
  name: z.string(),
  townshipCode: townshipCodeSchema,
  /** Enrolled devices not revoked. */
  devices: count,
  /** The latest time any device of the village reached the server (server clock); null: never. */
  lastSyncAt: z.string().nullable(),
  cases: caseCountsSchema,
  /** Objection tickets (category objection) not answered yet. */
  openObjections: count,
  /** When fund data for the village was last published; null: never. */
  fundDataAsOf: z.string().nullable(),
  /** No sync for STALE_SYNC_DAYS days, or never. */
  stale: z.boolean(),
});
export type VillageOverview = z.infer<typeof villageOverviewSchema>;

export const overviewTotalsSchema = z.object({
  villages: count,
  devices: count,
  staleVillages: count,
  cases: caseCountsSchema,
  openObjections: count,
});
export type OverviewTotals = z.infer<typeof overviewTotalsSchema>;

/** Cases filed per service item and month (the month of the receipt's date), last CASE_CHART_MONTHS months. */
export const casesByItemMonthSchema = z.object({ itemCode: z.string(), itemName: z.string(), month: z.string().regex(/^\d{4}-\d{2}$/), count });
export type CasesByItemMonth = z.infer<typeof casesByItemMonthSchema>;

/** Amounts are integer fen. */
export const programPaymentsSchema = z.object({
  programId: z.string(),
  programName: z.string(),
  year: z.number().int(),
  households: count,
  dueFen: z.number().int(),
  paidFen: z.number().int(),
});
export type ProgramPaymentsRow = z.infer<typeof programPaymentsSchema>;

/** GET /overview */
export const overviewResponseSchema = z.object({
  /** Server clock, ISO UTC. */
  generatedAt: z.string(),
  /** The server's date that "overdue" was judged against. */
  today: isoDateSchema,
  totals: overviewTotalsSchema,
  villages: z.array(villageOverviewSchema),
  charts: z.object({
    casesByItemMonth: z.array(casesByItemMonthSchema),
    paymentsByProgram: z.array(programPaymentsSchema),
  }),
});
export type OverviewResponse = z.infer<typeof overviewResponseSchema>;
