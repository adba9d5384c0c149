/**
 * The dashboard's read models of village records (migration 0009). Maintained in the same
 * transaction as the events they fold (services/caseProjection.ts), so they never lag the log.
 */

/** One row per case: the fold of its events, flattened for indexed filtering and keyset pages. */
export interface CasesTable {
  id: string;
  receipt_no: string;
  village_code: string;
  item_code: string;
  item_name: string;
  state: string;
  /** 1 while the case is not settled (shared/cases/transitions.ts SETTLED_STATES), else 0. */
  is_open: number;
  /** 王*: the only form of the name the list needs. */
  applicant_name_masked: string;
  /** YYYY-MM-DD of the created event's recordedAt: the date on the receipt, display/filter only. */
  created_on: string;
  deadline: string;
  /** Server clock: when the county stored the creation. The list's order (never a kiosk clock). */
  received_at: string;
  /** Server clock: the latest stored event of the case. */
  updated_at: string;
  event_count: number;
}

/** Cases per village and state, kept by deltas as projections change: the overview reads these. */
export interface CaseStateCountsTable {
  village_code: string;
  state: string;
  count: number;
}

/** Cases filed per service item and receipt month (YYYY-MM): the overview's chart. */
export interface CaseItemMonthCountsTable {
  month: string;
  item_code: string;
  item_name: string;
  count: number;
}

/** One row per feedback ticket: what the queue filters and orders by. */
export interface FeedbackQueueTable {
  feedback_id: string;
  village_code: string;
  category: string;
  /** Server clock: when the county stored the ticket. */
  received_at: string;
  /** 1 until the county answers it. */
  is_open: number;
}

export interface CaseProjectionTables {
  cases: CasesTable;
  case_state_counts: CaseStateCountsTable;
  case_item_month_counts: CaseItemMonthCountsTable;
  feedback_queue: FeedbackQueueTable;
}
