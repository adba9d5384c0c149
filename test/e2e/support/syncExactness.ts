import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { canonicalJson } from '../../../shared/audit/auditChain';
import { PUBLICATION_KEY } from '../../../shared/sync/pullStreams';
import type { Database } from '../../../server/src/db/schema';
import { countyRecordsOf, expectSameRecords, type RecordSet } from '../../integration/support/exactness';
import { countyLatestValues } from '../../integration/support/pulledExactness';
import type { KioskSnapshot, Row } from './syncKioskData';

/**
 * The exactness checks of the integration tests, on what a real Chromium kiosk left in its
 * IndexedDB: the county's latest published values for the village (from its change log), stream by
 * stream, by count and SHA-256; the program summaries and households the kiosk derived from them;
 * and the device's own records at the county, each exactly once.
 */
function byKey(rows: readonly Row[], key: string, value: (row: Row) => unknown = (row) => row): RecordSet {
  return new Map(rows.map((row) => [String(row[key]), canonicalJson(value(row))]));
}

function groupKey(villageCode: unknown, group: unknown): string {
  return `${String(villageCode)}/${String(group)}`;
}

interface Totals {
  rows: number;
  dueFen: number;
  paidFen: number;
  statuses: Record<string, number>;
  groups: Record<string, { rows: number; dueFen: number; paidFen: number }>;
}

function emptyTotals(): Totals {
  return { rows: 0, dueFen: 0, paidFen: 0, statuses: { paid: 0, pending: 0, failed: 0, returned: 0 }, groups: {} };
}

/** Program totals recomputed from the stored payment lines: a page applied twice or half shows here. */
function totalsFromRows(snapshot: KioskSnapshot): Map<string, Totals> {
  const totals = new Map<string, Totals>(snapshot.programs.map((p) => [String(p.id), emptyTotals()]));
  for (const row of snapshot.disbursements) {
    const t = totals.get(String(row.programId));
    if (!t) throw new Error(`payment line ${String(row.id)} of unknown program ${String(row.programId)}`);
    const due = Number(row.dueFen);
    const paid = Number(row.paidFen);
    t.rows++;
    t.dueFen += due;
    t.paidFen += paid;
    t.statuses[String(row.status)] = (t.statuses[String(row.status)] ?? 0) + 1;
    const g = (t.groups[groupKey(row.villageCode, row.group)] ??= { rows: 0, dueFen: 0, paidFen: 0 });
    g.rows++;
    g.dueFen += due;
    g.paidFen += paid;
  }
  return totals;
}

function totalsStored(snapshot: KioskSnapshot): Map<string, Totals> {
  const stored = new Map<string, Totals>();
  for (const s of snapshot.programSummaries) {
    const byGroup = (s.byGroup ?? {}) as Record<string, { villageCode: string; group: number; rows: number; dueFen: number; paidFen: number }>;
    stored.set(String(s.programId), {
      rows: Number(s.rows),
      dueFen: Number(s.dueFen),
      paidFen: Number(s.paidFen),
      statuses: { paid: Number(s.paid), pending: Number(s.pending), failed: Number(s.failed), returned: Number(s.returned) },
      groups: Object.fromEntries(Object.values(byGroup).map((g) => [groupKey(g.villageCode, g.group), { rows: g.rows, dueFen: g.dueFen, paidFen: g.paidFen }])),
    });
  }
  return stored;
}

export interface PulledFigures {
  disbursements: number;
  households: number;
  dueFen: number;
}

export async function expectKioskHoldsCountyData(countyDb: Kysely<Database>, villageCode: string, snapshot: KioskSnapshot): Promise<PulledFigures> {
  const county = await countyLatestValues(countyDb, villageCode);
  const dataAsOf = snapshot.meta.get('dataAsOf');
  const countyMeta = snapshot.meta.get('county') as Row | undefined;
  const local: Record<string, RecordSet> = {
    county: countyMeta ? byKey([countyMeta], 'code') : new Map(),
    publication: typeof dataAsOf === 'string' ? new Map([[PUBLICATION_KEY, canonicalJson({ dataAsOf })]]) : new Map(),
    program: byKey(snapshot.programs, 'id'),
    // The household key and rank are the kiosk's own bookkeeping, not county data.
    disbursement: byKey(snapshot.disbursements, 'id', ({ householdKey: _h, rank: _r, ...row }) => row),
    project: byKey(snapshot.projects, 'id'),
    notice: byKey(snapshot.notices, 'id'),
    serviceItem: byKey(snapshot.serviceItems, 'code'),
    holiday: byKey(snapshot.holidays, 'date'),
  };
  for (const [stream, records] of Object.entries(local)) expectSameRecords(`pulled ${stream}`, county[stream as keyof typeof county], records);

  expect(totalsStored(snapshot), 'program summaries equal the totals of the stored payment lines').toEqual(totalsFromRows(snapshot));
  const householdKeys = new Set(snapshot.disbursements.map((d) => String(d.householdKey)));
  expect(snapshot.households, 'one household record per household of the payment lines').toBe(householdKeys.size);
  const pull = snapshot.meta.get('pull') as { complete?: boolean } | undefined;
  expect(pull?.complete, 'the pull says it is complete').toBe(true);
  return {
    disbursements: snapshot.disbursements.length,
    households: snapshot.households,
    dueFen: snapshot.disbursements.reduce((sum, d) => sum + Number(d.dueFen), 0),
  };
}

/** Every ticket and audit entry of the device at the county exactly once, equal to the kiosk's; the outbox fully acknowledged. */
export async function expectCountyHoldsKioskRecords(countyDb: Kysely<Database>, deviceId: string, snapshot: KioskSnapshot): Promise<void> {
  const county = await countyRecordsOf(countyDb, deviceId);
  // A county answer changes the ticket on the kiosk: compare the ticket as filed.
  expectSameRecords('feedback', county.feedback, byKey(snapshot.feedback, 'id', (f) => ({ ...f, state: 'open', answer: null })));
  expectSameRecords('audit entries', county.audit, byKey(snapshot.auditLog, 'seq'));
  const open = snapshot.outbox.filter((e) => e.state !== 'acked').map((e) => ({ seq: e.seq, state: e.state, rejection: e.rejection }));
  expect(open, 'every outbox entry acknowledged').toEqual([]);
  const rows = await countyDb.selectFrom('feedback').select(['id']).where('device_id', '=', deviceId).execute();
  expect(rows.length, 'no ticket twice at the county').toBe(new Set(rows.map((r) => r.id)).size);
}
