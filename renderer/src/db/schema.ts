import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { FundProgram } from '../../../shared/domain/fundProgram';
import type { Disbursement } from '../../../shared/domain/disbursement';
import type { VillageProject } from '../../../shared/domain/villageProject';
import type { Notice } from '../../../shared/domain/notice';
import type { Holiday, ServiceItem } from '../../../shared/domain/serviceItem';
import type { County } from '../../../shared/domain/place';
import type { KioskScope } from '../../../shared/demo/manifest';
import type { PullState } from '../sync/pull/pullState';
import type { CounterRecord, OutboxEntry, SettingRecord, StoredAgent, StoredAuditEntry, StoredCase, StoredCaseEvent, StoredFeedback } from './villageRecords';

export const KIOSK_DB_NAME = 'village-kiosk';

/** A disbursement as stored: with its household key and its position within its program (for paging). */
export interface StoredDisbursement extends Disbursement {
  /** `${villageCode}-${householdNo}` */
  householdKey: string;
  /** 0-based position of this row within its program, in import order (group, household). */
  rank: number;
}

/** One household, derived from its disbursement lines: what the lookup screens search. */
export interface StoredHousehold {
  key: string;
  townshipCode: string;
  villageCode: string;
  group: number;
  householdNo: string;
  headName: string;
  /** Pinyin initials of the head's name, upper case: 王小华 → WXH (surnames read as surnames: 曾 → Z). */
  initials: string;
  idMasked: string;
  idLast4: string;
  /**
   * The year of the line that named the head, so a later line (a pulled page) can tell whether it
   * is newer. Absent on records written before the county sync existed.
   */
  headYear?: number;
}

export interface GroupTotals {
  villageCode: string;
  group: number;
  rows: number;
  dueFen: number;
  paidFen: number;
}

/** Totals of one program over the kiosk's scope, maintained as pages land so screens never scan rows. */
export interface ProgramSummary {
  programId: string;
  year: number;
  rows: number;
  dueFen: number;
  paidFen: number;
  paid: number;
  pending: number;
  failed: number;
  returned: number;
  /** Keyed by groupTotalsKey(villageCode, group): a township scope holds several villages' group 3. */
  byGroup: Record<string, GroupTotals>;
  /**
   * The rank the program's next new row gets when rows arrive one page at a time (county sync):
   * deleted rows leave gaps and ranks are never reused. Absent after a folder import, where it is `rows`.
   */
  nextRank?: number;
}

export function groupTotalsKey(villageCode: string, group: number): string {
  return `${villageCode}-${String(group).padStart(2, '0')}`;
}

export function householdKeyOf(villageCode: string, householdNo: string): string {
  return `${villageCode}-${householdNo}`;
}

export type ImportState = { state: 'complete' | 'inProgress'; source: string; rows: number; finishedAt: string | null };

export type MetaRecord =
  | { key: 'dataAsOf'; value: string }
  | { key: 'scope'; value: KioskScope }
  | { key: 'county'; value: County }
  | { key: 'import'; value: ImportState }
  /** Where the county sync's pull stands: written with every page, in the page's transaction. */
  | { key: 'pull'; value: PullState };

export type MetaKey = MetaRecord['key'];

export class KioskDatabase extends Dexie {
  programs!: EntityTable<FundProgram, 'id'>;
  disbursements!: EntityTable<StoredDisbursement, 'id'>;
  households!: EntityTable<StoredHousehold, 'key'>;
  programSummaries!: EntityTable<ProgramSummary, 'programId'>;
  projects!: EntityTable<VillageProject, 'id'>;
  notices!: EntityTable<Notice, 'id'>;
  serviceItems!: EntityTable<ServiceItem, 'code'>;
  holidays!: EntityTable<Holiday, 'date'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  agents!: EntityTable<StoredAgent, 'id'>;
  auditLog!: EntityTable<StoredAuditEntry, 'seq'>;
  cases!: EntityTable<StoredCase, 'id'>;
  caseEvents!: EntityTable<StoredCaseEvent, 'id'>;
  feedback!: EntityTable<StoredFeedback, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  counters!: EntityTable<CounterRecord, 'key'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;

  constructor(name: string = KIOSK_DB_NAME, options?: DexieOptions) {
    super(name, options);
    // Shipped versions are never edited: add version(2) with .upgrade() instead.
    this.version(1).stores({
      programs: 'id, year, category',
      disbursements: 'id, householdKey, [programId+rank]',
      households: 'key, householdNo, initials, idLast4, idMasked',
      programSummaries: 'programId, year',
      projects: 'id, year',
      notices: 'id, publishedOn',
      serviceItems: 'code',
      holidays: 'date',
      meta: 'key',
    });
    // Village-owned records (agent workstation). New tables only, so no upgrade function is needed.
    this.version(2).stores({
      agents: 'id',
      auditLog: 'seq',
      cases: 'id, &receiptNo, &localNo, state, deadline, createdDay, applicantIdLast4, applicantName',
      caseEvents: 'id, caseId',
      feedback: 'id, &ticketNo, &localNo, createdAt',
      settings: 'key',
      counters: 'key',
    });
    // The outbox for the county sync. Records written before it existed are queued by the upgrade, in
    // the device's own order (case events by authorSeq, tickets, the audit log by seq), so none is left behind.
    this.version(3)
      .stores({ outbox: 'seq, state' })
      .upgrade(async (tx) => {
        const events = (await tx.table<StoredCaseEvent, string>('caseEvents').toArray())
          .filter((e) => e.author.kind === 'device')
          .sort((a, b) => a.authorSeq - b.authorSeq);
        const tickets = (await tx.table<StoredFeedback, string>('feedback').toArray()).sort((a, b) => a.localNo.localeCompare(b.localNo));
        const audit = await tx.table<StoredAuditEntry, number>('auditLog').orderBy('seq').toArray();
        const entries: OutboxEntry[] = [
          ...events.map((e) => ({ kind: 'caseEvent' as const, id: e.id, body: e })),
          ...tickets.map((f) => ({ kind: 'feedback' as const, id: f.id, body: f })),
          ...audit.map((a) => ({ kind: 'audit' as const, id: String(a.seq), body: a })),
        ].map((e, i) => ({ ...e, seq: i + 1, state: 'pending', rejection: null }));
        await tx.table<OutboxEntry, number>('outbox').bulkAdd(entries);
        await tx.table<CounterRecord, string>('counters').put({ key: 'outboxSeq', value: entries.length });
      });
  }
}
