import type { Generated } from 'kysely';
import type { CaseProjectionTables } from './tables/cases';
import type { DiagnosticsTables } from './tables/diagnostics';
import type { FundTables } from './tables/funds';
import type { StaffTables } from './tables/staff';
import type { UpdateTables } from './tables/updates';

/**
 * Row types of the county database. Column names are snake_case in SQL and here alike (no
 * renaming plugin), so a query reads the same in TypeScript, in psql and in sqlite3.
 * Times are ISO-8601 UTC strings from the server clock (`Date#toISOString`): they compare
 * correctly as text on both dialects and never come from a kiosk.
 */

export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface VillagesTable {
  code: string;
  name: string;
  township_code: string;
  /** Village groups (村民小组); unknown until the county's place data is imported. */
  groups: number | null;
  created_at: string;
}

export interface EnrollmentCodesTable {
  /** SHA-256 of the code: a leaked database cannot be used to enroll a device. */
  code_hash: string;
  village_code: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by_device_id: string | null;
}

export interface DevicesTable {
  id: string;
  village_code: string;
  name: string;
  /** SHA-256 of the bearer token; the token itself is shown once, to the kiosk that enrolled. */
  token_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  /**
   * The author id the device's case events carry: the kiosk's permanent local id, sent when it
   * enrolls. Null for devices enrolled before it was recorded; their author id is their own id.
   */
  author_id: string | null;
  /**
   * The kiosk's station number in its village, 1–9 (services/stationNumbers.ts): the first digit of
   * its receipt sequences. Null only on a device enrolled before it that found no number free.
   */
  station_no: number | null;
  /** The kiosk build it last synced with (header x-kiosk-version); null until one sends it. */
  app_version: string | null;
}

/**
 * What the device last said it is when it asked for updates (migration 0014): only the update
 * routes write these and only the updates page reads them, so they stay out of DevicesTable and
 * the device record built from it. Null until the device asks.
 */
export interface DeviceUpdateTargetColumns {
  /** An UPDATE_PLATFORMS value. */
  update_platform: string | null;
  /** An UPDATE_ARCHES value. */
  update_arch: string | null;
  /** An UPDATE_FORMATS value: the one it asked for, or its platform's default. */
  update_format: string | null;
}

export interface DevicePushStateTable {
  device_id: string;
  /** The highest outbox seq of the device applied or rejected for good; the next must be last_seq + 1. */
  last_seq: Generated<number>;
  audit_chain_broken_at: string | null;
  audit_chain_broken_seq: number | null;
}

export interface PushRejectionsTable {
  device_id: string;
  seq: number;
  code: string;
  message: string;
}

/** Bodies are the canonical JSON of the parsed record, so "same content" is a string comparison. */
export interface CaseEventsTable {
  id: string;
  case_id: string;
  village_code: string;
  /** Null for an event a county user wrote (author.kind 'county'). */
  device_id: string | null;
  type: string;
  author_seq: number;
  body: string;
  received_at: string;
  /** The receipt number of a 'created' event (how county staff name a case); null for the others. */
  receipt_no: string | null;
}

export interface FeedbackTable {
  id: string;
  village_code: string;
  device_id: string;
  body: string;
  received_at: string;
  ticket_no: string | null;
}

/** A county user who writes case events: the counter behind their gap-free authorSeq. */
export interface CountyAuthorsTable {
  /** The author id in the events (countyAuthorId of the name). */
  id: string;
  name: string;
  last_seq: Generated<number>;
  created_at: string;
}

/** The county's latest answer to a ticket: canonical JSON of a FeedbackAnswer. */
export interface FeedbackAnswersTable {
  feedback_id: string;
  body: string;
  answered_at: string;
}

export interface AuditEntriesTable {
  device_id: string;
  seq: number;
  hash: string;
  body: string;
  received_at: string;
}

/** The pull log: append-only, read by id (the cursor). `value` is JSON text, null for deletes. */
export interface ChangesTable {
  id: Generated<number>;
  /** Null: county-wide (catalog, holidays, notices for every village). */
  village_code: string | null;
  stream: string;
  op: string;
  key: string;
  value: string | null;
  created_at: string;
}

/** Tables of each dashboard area live in db/tables/<area>.ts, one interface per area. */
export interface Database extends StaffTables, CaseProjectionTables, FundTables, UpdateTables, DiagnosticsTables {
  server_meta: ServerMetaTable;
  villages: VillagesTable;
  enrollment_codes: EnrollmentCodesTable;
  devices: DevicesTable & DeviceUpdateTargetColumns;
  device_push_state: DevicePushStateTable;
  push_rejections: PushRejectionsTable;
  case_events: CaseEventsTable;
  feedback: FeedbackTable;
  audit_entries: AuditEntriesTable;
  changes: ChangesTable;
  county_authors: CountyAuthorsTable;
  feedback_answers: FeedbackAnswersTable;
}

