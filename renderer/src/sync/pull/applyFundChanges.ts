import type { Disbursement } from '../../../../shared/domain/disbursement';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { householdFromLine, HouseholdCollector, InitialsCache, lineNamesHead, type HeadLine } from '../../db/import/householdCollector';
import { addRowToSummary, emptyProgramSummary } from '../../db/import/summaryAccumulator';
import { householdKeyOf, type KioskDatabase, type ProgramSummary, type StoredDisbursement, type StoredHousehold } from '../../db/schema';
import type { HeadLookup, HeadUpdates } from './pullSession';

/**
 * Programs and disbursements of one page, with everything derived from them kept in step: each
 * row's household key and rank, the household records and the program summaries. Runs inside the
 * page's transaction; reads what the page needs in a few bulk requests, never row by row.
 * Returns what it learnt about household heads, for the run's cache once the page commits.
 */
export async function applyFundChanges(
  db: KioskDatabase,
  programs: ReadonlyMap<string, FundProgram | null>,
  rows: ReadonlyMap<string, Disbursement | null>,
  heads: HeadLookup,
  writes: Promise<unknown>[],
): Promise<HeadUpdates> {
  // The reads go out together: each awaited request is a round trip to the IndexedDB backend.
  const programIds = new Set(programs.keys());
  for (const row of rows.values()) if (row) programIds.add(row.programId);
  const [previous, loaded] = await Promise.all([storedRows(db, rows), db.programSummaries.bulkGet([...programIds])]);
  const stray = [...new Set([...previous.values()].map((old) => old.programId))].filter((id) => !programIds.has(id));
  const summaries = new SummaryBook([...loaded, ...(stray.length > 0 ? await db.programSummaries.bulkGet(stray) : [])]);
  for (const [id, program] of programs) {
    if (program === null) summaries.drop(id);
    else summaries.ensure(program.id, program.year);
  }

  const puts: StoredDisbursement[] = [];
  const deletes: string[] = [];
  /** Households whose head must be found again from their remaining rows, after the writes. */
  const recheck = new Set<string>();
  for (const [id, row] of rows) {
    const old = previous.get(id);
    if (old) summaries.subtract(old);
    if (row === null) {
      if (old) {
        deletes.push(id);
        recheck.add(old.householdKey);
      }
      continue;
    }
    const householdKey = householdKeyOf(row.villageCode, row.householdNo);
    // A replaced row keeps its place in its program's list; only a new row takes the next rank.
    const rank = old && old.programId === row.programId ? old.rank : summaries.takeRank(row);
    summaries.add(row);
    puts.push({ ...row, householdKey, rank });
    // The incremental head rule cannot see a line that moves away or back in time: recount those.
    if (old && (old.householdKey !== householdKey || old.year > row.year)) recheck.add(old.householdKey);
  }

  const { households, learnt } = await nextHouseholds(db, puts, recheck, heads);
  // Written without waiting on each other: requests of one transaction run in the order issued.
  if (puts.length > 0) writes.push(db.disbursements.bulkPut(puts));
  if (deletes.length > 0) writes.push(db.disbursements.bulkDelete(deletes));
  if (households.length > 0) writes.push(db.households.bulkPut(households));
  const programPuts = [...programs.values()].filter((p): p is FundProgram => p !== null);
  const programDeletes = [...programs].filter(([, p]) => p === null).map(([id]) => id);
  if (programPuts.length > 0) writes.push(db.programs.bulkPut(programPuts));
  if (programDeletes.length > 0) writes.push(db.programs.bulkDelete(programDeletes));
  summaries.write(db, writes);
  if (recheck.size > 0) {
    // Rare (the county deleted or moved rows): the recount reads the rows just written.
    await Promise.all(writes);
    for (const [key, head] of await recountHouseholds(db, recheck)) learnt.set(key, head);
  }
  return learnt;
}

/**
 * The stored rows the page replaces or deletes. A first sync's rows are all new, and in Chromium
 * a bulkGet of 5,000 absent ids costs about as much as writing them; so the ids of each program
 * are first probed with one key-range read of primary keys (cheap: no values), and only ids found
 * there are fetched. Deletes are rare and fetched directly.
 */
async function storedRows(db: KioskDatabase, rows: ReadonlyMap<string, Disbursement | null>): Promise<Map<string, StoredDisbursement>> {
  const wanted: string[] = [];
  const idsByProgram = new Map<string, string[]>();
  for (const [id, row] of rows) {
    if (row === null) {
      wanted.push(id);
      continue;
    }
    const ids = idsByProgram.get(row.programId);
    if (ids) ids.push(id);
    else idsByProgram.set(row.programId, [id]);
  }
  const probes = [...idsByProgram.values()].map(async (ids) => {
    let low = ids[0] as string;
    let high = low;
    for (const id of ids) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    const present = new Set(await db.disbursements.where(':id').between(low, high, true, true).primaryKeys());
    return present.size === 0 ? [] : ids.filter((id) => present.has(id));
  });
  for (const found of await Promise.all(probes)) wanted.push(...found);
  const previous = new Map<string, StoredDisbursement>();
  if (wanted.length > 0) for (const old of await db.disbursements.bulkGet(wanted)) if (old) previous.set(old.id, old);
  return previous;
}

/** The summaries a page touches, held in memory while its rows are added and taken out. */
class SummaryBook {
  private readonly byId = new Map<string, ProgramSummary>();
  private readonly dropped = new Set<string>();

  constructor(stored: ReadonlyArray<ProgramSummary | undefined>) {
    // A folder import leaves no counter; its ranks run 0..rows-1.
    for (const summary of stored) if (summary) this.byId.set(summary.programId, { ...summary, nextRank: summary.nextRank ?? summary.rows });
  }

  ensure(programId: string, year: number): ProgramSummary {
    let summary = this.byId.get(programId);
    if (!summary) {
      summary = { ...emptyProgramSummary(programId, year), nextRank: 0 };
      this.byId.set(programId, summary);
    }
    summary.year = year;
    this.dropped.delete(programId);
    return summary;
  }

  drop(programId: string): void {
    this.byId.delete(programId);
    this.dropped.add(programId);
  }

  /** The next rank of the row's program; ranks of deleted rows are never given out again. */
  takeRank(row: Disbursement): number {
    const summary = this.byId.get(row.programId) ?? this.ensure(row.programId, row.year);
    const rank = summary.nextRank ?? summary.rows;
    summary.nextRank = rank + 1;
    return rank;
  }

  add(row: Disbursement): void {
    addRowToSummary(this.byId.get(row.programId) ?? this.ensure(row.programId, row.year), row, 1);
  }

  subtract(row: Disbursement): void {
    // A program the county deleted takes its summary with it: nothing is left to subtract from.
    const summary = this.byId.get(row.programId);
    if (summary) addRowToSummary(summary, row, -1);
  }

  write(db: KioskDatabase, writes: Promise<unknown>[]): void {
    if (this.byId.size > 0) writes.push(db.programSummaries.bulkPut([...this.byId.values()]));
    if (this.dropped.size > 0) writes.push(db.programSummaries.bulkDelete([...this.dropped]));
  }
}

/** Pinyin once per name for the life of the worker. */
const initials = new InitialsCache();

function headOf(household: StoredHousehold): HeadLine {
  // A record from before headYear existed is replaced by the next line: the best it can do.
  return { year: household.headYear ?? Number.NEGATIVE_INFINITY, headName: household.headName, idMasked: household.idMasked };
}

/**
 * The households the page's new lines change, by the same head rule as the folder import. Heads
 * the run already knows are not read again; `learnt` is every head this page read or set.
 */
async function nextHouseholds(db: KioskDatabase, puts: readonly StoredDisbursement[], recheck: ReadonlySet<string>, heads: HeadLookup): Promise<{ households: StoredHousehold[]; learnt: HeadUpdates }> {
  const learnt: HeadUpdates = new Map();
  const unknown = new Set<string>();
  for (const row of puts) {
    if (recheck.has(row.householdKey) || learnt.has(row.householdKey)) continue;
    const head = heads.known(row.householdKey);
    if (head === undefined) unknown.add(row.householdKey);
    else learnt.set(row.householdKey, head);
  }
  if (unknown.size > 0) {
    const keys = [...unknown];
    const stored = await db.households.bulkGet(keys);
    keys.forEach((key, i) => {
      const household = stored[i];
      learnt.set(key, household ? headOf(household) : null);
    });
  }
  const changed = new Map<string, StoredHousehold>();
  for (const row of puts) {
    if (recheck.has(row.householdKey)) continue;
    if (!lineNamesHead(learnt.get(row.householdKey) ?? undefined, row)) continue;
    const household = householdFromLine(row.householdKey, row, initials.of(row.headName));
    learnt.set(row.householdKey, headOf(household));
    changed.set(row.householdKey, household);
  }
  return { households: [...changed.values()], learnt };
}

/**
 * Households that lost a line are rebuilt from the rows they still have (rare: the county deleted
 * or moved a row), or removed when none is left.
 */
async function recountHouseholds(db: KioskDatabase, keys: ReadonlySet<string>): Promise<HeadUpdates> {
  const heads: HeadUpdates = new Map();
  for (const key of keys) {
    const lines = await db.disbursements.where('householdKey').equals(key).toArray();
    if (lines.length === 0) {
      await db.households.delete(key);
      heads.set(key, null);
      continue;
    }
    lines.sort((a, b) => a.year - b.year || (a.programId < b.programId ? -1 : a.programId > b.programId ? 1 : a.rank - b.rank));
    const collector = new HouseholdCollector();
    for (const line of lines) collector.add(key, line);
    const [household] = collector.values();
    if (household) {
      await db.households.put(household);
      heads.set(key, headOf(household));
    }
  }
  return heads;
}
