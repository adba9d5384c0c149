import type { Agent } from '../../../shared/domain/agent';
import type { AuditEntry } from '../../../shared/domain/audit';
import type { CaseEvent, CaseRecord } from '../../../shared/domain/case';
import type { Feedback } from '../../../shared/domain/feedback';
import type { PushEntry, REJECTION_CODES } from '../../../shared/sync/protocol';

/** Village-owned records: created at this kiosk, kept through any county data reload, backed up. */

export type StoredAgent = Agent;

/** A case projection (the fold of its events) with the flat fields the agent's lists query by. */
export interface StoredCase extends CaseRecord {
  applicantName: string;
  applicantIdLast4: string;
  /** YYYY-MM-DD of creation on the kiosk clock: "today's cases". */
  createdDay: string;
}

export type StoredCaseEvent = CaseEvent;
export type StoredFeedback = Feedback;
export type StoredAuditEntry = AuditEntry;

export interface StationSettings {
  /** Printed on receipts and slips. */
  stationPhone: string;
  /** Electron printer name; null = the system default. */
  printerName: string | null;
  paper: 'receipt58' | 'receipt80' | 'a4';
}

export type SettingRecord =
  | { key: 'station'; value: StationSettings }
  /** This kiosk's identity as an event author; county enrollment (sync) may replace it. */
  | { key: 'deviceId'; value: string }
  /** The station number the county gave this kiosk in its village (1–9): the first digit of its receipt sequences. */
  | { key: 'stationNo'; value: number };

export type SettingKey = SettingRecord['key'];

/** Monotonic counters: receipt sequence per day ("receipt:261127"), the device's event authorSeq. */
export interface CounterRecord {
  key: string;
  value: number;
}

/** A village-owned record waiting for (or answered by) the county: written with the record itself. */
export interface OutboxEntry {
  seq: number;
  kind: PushEntry['kind'];
  id: string;
  body: unknown;
  state: 'pending' | 'acked' | 'rejected';
  /** Set when the county refused the entry for good: kept and shown to the agent. */
  rejection: { code: (typeof REJECTION_CODES)[number]; message: string } | null;
}
