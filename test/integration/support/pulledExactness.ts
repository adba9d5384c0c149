import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { canonicalJson } from '../../../shared/audit/auditChain';
import { PUBLICATION_KEY } from '../../../shared/sync/pullStreams';
import { groupTotalsKey, type KioskDatabase, type ProgramSummary } from '../../../renderer/src/db/schema';
import type { Database } from '../../../server/src/db/schema';
import { expectSameRecords, type RecordSet } from './exactness';

/**
 * "The kiosk holds the county's latest published values": computed straight from the county's
 * change log (not through the server's pull code), folded to the last word per (stream, key) for
 * what the village may see, and compared stream by stream with what the kiosk stored.
 */
type PulledStream = 'county' | 'publication' | 'program' | 'disbursement' | 'project' | 'notice' | 'serviceItem' | 'holiday' | 'caseEvent' | 'feedbackAnswer';

const STREAMS: PulledStream[] = ['county', 'publication', 'program', 'disbursement', 'project', 'notice', 'serviceItem', 'holiday', 'caseEvent', 'feedbackAnswer'];

export async function countyLatestValues(db: Kysely<Database>, villageCode: string): Promise<Record<PulledStream, RecordSet>> {
  const latest = Object.fromEntries(STREAMS.map((s) => [s, new Map<string, string>()])) as Record<PulledStream, RecordSet>;
  // Paged by id: a county log may be far larger than one query should return.
  let after = 0;
  for (let page = 0; page < 10_000; page++) {
    const rows = await db
      .selectFrom('changes')
      .select(['id', 'stream', 'op', 'key', 'value'])
      .where('id', '>', after)
      .where((eb) => eb.or([eb('village_code', '=', villageCode), eb('village_code', 'is', null)]))
      .orderBy('id')
      .limit(5_000)
      .execute();
    for (const row of rows) {
      const set = latest[row.stream as PulledStream] as RecordSet | undefined;
      if (!set) continue;
      if (row.op === 'delete' || row.value === null) set.delete(row.key);
      else set.set(row.key, canonicalJson(JSON.parse(row.value)));
    }
    if (rows.length < 5_000) break;
    after = Number(rows.at(-1)?.id);
  }
  return latest;
}

function byKey<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => unknown = (row) => row): RecordSet {
  return new Map(rows.map((row) => [key(row), canonicalJson(value(row))]));
}

export async function kioskPulledValues(kiosk: KioskDatabase): Promise<Record<PulledStream, RecordSet>> {
  const county = await kiosk.meta.get('county');
  const dataAsOf = await kiosk.meta.get('dataAsOf');
  return {
    county: county?.key === 'county' ? byKey([county.value], (c) => c.code) : new Map(),
    publication: dataAsOf?.key === 'dataAsOf' ? new Map([[PUBLICATION_KEY, canonicalJson({ dataAsOf: dataAsOf.value })]]) : new Map(),
    program: byKey(await kiosk.programs.toArray(), (p) => p.id),
    // The household key and rank are the kiosk's own bookkeeping, not county data.
    disbursement: byKey(await kiosk.disbursements.toArray(), (d) => d.id, ({ householdKey: _h, rank: _r, ...row }) => row),
    project: byKey(await kiosk.projects.toArray(), (p) => p.id),
    notice: byKey(await kiosk.notices.toArray(), (n) => n.id),
    serviceItem: byKey(await kiosk.serviceItems.toArray(), (s) => s.code),
    holiday: byKey(await kiosk.holidays.toArray(), (h) => h.date),
    caseEvent: byKey((await kiosk.caseEvents.toArray()).filter((e) => e.author.kind === 'county'), (e) => e.id),
    feedbackAnswer: byKey((await kiosk.feedback.toArray()).filter((f) => f.answer !== null), (f) => f.id, (f) => ({ feedbackId: f.id, state: f.state, answer: f.answer })),
  };
}

type Totals = Omit<ProgramSummary, 'programId' | 'year'>;

/** The summaries a correct incremental bookkeeping must hold: recomputed here from the stored rows. */
async function expectedSummaries(kiosk: KioskDatabase): Promise<Map<string, Totals>> {
  const totals = new Map<string, Totals>();
  for (const p of await kiosk.programs.toArray()) totals.set(p.id, { rows: 0, dueFen: 0, paidFen: 0, paid: 0, pending: 0, failed: 0, returned: 0, byGroup: {} });
  for (const row of await kiosk.disbursements.toArray()) {
    const t = totals.get(row.programId);
    if (!t) throw new Error(`disbursement ${row.id} of unknown program ${row.programId}`);
    t.rows++;
    t.dueFen += row.dueFen;
    t.paidFen += row.paidFen;
    t[row.status]++;
    const group = (t.byGroup[groupTotalsKey(row.villageCode, row.group)] ??= { villageCode: row.villageCode, group: row.group, rows: 0, dueFen: 0, paidFen: 0 });
    group.rows++;
    group.dueFen += row.dueFen;
    group.paidFen += row.paidFen;
  }
  return totals;
}

/** Derived data kept as pages land: a page applied twice or half would show here. */
async function expectDerivedDataConsistent(kiosk: KioskDatabase): Promise<void> {
  const expected = await expectedSummaries(kiosk);
  const stored = new Map((await kiosk.programSummaries.toArray()).map((s) => [s.programId, s]));
  const actual = new Map([...stored].map(([id, s]) => [id, { rows: s.rows, dueFen: s.dueFen, paidFen: s.paidFen, paid: s.paid, pending: s.pending, failed: s.failed, returned: s.returned, byGroup: s.byGroup }]));
  expect(actual).toEqual(expected);

  const rows = await kiosk.disbursements.toArray();
  const ranks = new Map<string, Set<number>>();
  for (const row of rows) {
    const seen = ranks.get(row.programId) ?? new Set<number>();
    expect(seen.has(row.rank), `rank ${row.rank} twice in ${row.programId}`).toBe(false);
    seen.add(row.rank);
    ranks.set(row.programId, seen);
  }
  const households = (await kiosk.households.toCollection().primaryKeys()).sort();
  expect(households).toEqual([...new Set(rows.map((r) => r.householdKey))].sort());
}

/** Every stream equal by count and checksum, and the derived summaries and households consistent. */
export async function expectPulledExactly(countyDb: Kysely<Database>, kiosk: KioskDatabase, villageCode: string): Promise<Record<PulledStream, RecordSet>> {
  const county = await countyLatestValues(countyDb, villageCode);
  const local = await kioskPulledValues(kiosk);
  // An answer is written into the ticket it answers: one filed at another kiosk of the village has no place here.
  const held = new Set(await kiosk.feedback.toCollection().primaryKeys());
  county.feedbackAnswer = new Map([...county.feedbackAnswer].filter(([ticketId]) => held.has(ticketId)));
  for (const stream of STREAMS) expectSameRecords(`pulled ${stream}`, county[stream], local[stream]);
  await expectDerivedDataConsistent(kiosk);
  const state = await kiosk.meta.get('pull');
  expect(state?.key === 'pull' && state.value.complete).toBe(true);
  return county;
}
