import type { Disbursement } from '../../../shared/domain/disbursement';
import type { Change, PullResponse } from '../../../shared/sync/protocol';
import { PUBLICATION_KEY } from '../../../shared/sync/pullStreams';
import type { SyncClient } from '../../../renderer/src/sync/syncClient';
import { groupTotalsKey, type KioskDatabase, type ProgramSummary } from '../../../renderer/src/db/schema';
import { county, holidays, manifest, notices, programs, projects, rows, serviceItems } from '../db/support/countyFixture';

/** What the county publishes for one village, in the order the server sends a snapshot. */
export function villageSnapshot(villageCode: string, disbursements: readonly Disbursement[] = rows): Omit<Change, 'seq'>[] {
  const put = (stream: Change['stream'], key: string, value: unknown): Omit<Change, 'seq'> => ({ stream, op: 'put', key, value });
  // Newest year first, as the server publishes, so lookups work early in a first sync.
  const mine = disbursements.filter((r) => r.villageCode === villageCode).map((r, i) => ({ r, i })).sort((a, b) => b.r.year - a.r.year || a.i - b.i).map(({ r }) => r);
  return [
    put('county', county.code, county),
    put('publication', PUBLICATION_KEY, { dataAsOf: manifest.dataAsOf }),
    ...programs.map((p) => put('program', p.id, p)),
    ...serviceItems.map((s) => put('serviceItem', s.code, s)),
    ...holidays.map((h) => put('holiday', h.date, h)),
    ...notices.filter((n) => n.villageCode === null || n.villageCode === villageCode).map((n) => put('notice', n.id, n)),
    ...projects.filter((p) => p.villageCode === villageCode).map((p) => put('project', p.id, p)),
    ...mine.map((r) => put('disbursement', r.id, r)),
  ];
}

/**
 * A county change log in memory: `pull` serves it from a cursor ('' or "c<n>") the way the server
 * does. `failOnCall` makes the given calls (1-based) throw, as a dropped connection would.
 */
export class FakeCounty implements SyncClient {
  readonly log: Change[] = [];
  epoch = 1;
  calls = 0;
  failOnCall = new Set<number>();

  constructor(changes: readonly Omit<Change, 'seq'>[] = []) {
    this.append(changes);
  }

  append(changes: readonly Omit<Change, 'seq'>[]): void {
    for (const c of changes) this.log.push({ ...c, seq: this.log.length + 1 });
  }

  push(): never {
    throw new Error('the fake county takes no pushes');
  }

  async pull(since: string, limit: number): Promise<PullResponse> {
    this.calls++;
    if (this.failOnCall.has(this.calls)) throw new Error(`connection dropped on call ${this.calls}`);
    const match = /^e(\d+)c(\d+)$/.exec(since);
    if (since !== '' && (!match || Number(match[1]) !== this.epoch)) return { epoch: this.epoch, changes: [], next: '', hasMore: true, remaining: null };
    const from = match ? Number(match[2]) : 0;
    const changes = this.log.slice(from, from + limit);
    const served = from + changes.length;
    return { epoch: this.epoch, changes, next: `e${this.epoch}c${served}`, hasMore: served < this.log.length, remaining: this.log.length - served };
  }
}

/** Pages of a change list, each `size` long, as the county would serve them from an empty cursor. */
export function pagesOf(changes: readonly Omit<Change, 'seq'>[], size: number, epoch = 1): PullResponse[] {
  const pages: PullResponse[] = [];
  for (let from = 0; from < changes.length; from += size) {
    const slice = changes.slice(from, from + size).map((c, i) => ({ ...c, seq: from + i + 1 }));
    const served = from + slice.length;
    pages.push({ epoch, changes: slice, next: `e${epoch}c${served}`, hasMore: served < changes.length, remaining: changes.length - served });
  }
  return pages;
}

/** A summary computed from scratch over the stored rows: what the incremental one must equal. */
export async function summaryFromStoredRows(db: KioskDatabase, programId: string): Promise<Omit<ProgramSummary, 'year' | 'nextRank'>> {
  const mine = await db.disbursements.filter((r) => r.programId === programId).toArray();
  const byGroup: ProgramSummary['byGroup'] = {};
  for (const r of mine) {
    const g = (byGroup[groupTotalsKey(r.villageCode, r.group)] ??= { villageCode: r.villageCode, group: r.group, rows: 0, dueFen: 0, paidFen: 0 });
    g.rows++;
    g.dueFen += r.dueFen;
    g.paidFen += r.paidFen;
  }
  const countOf = (s: Disbursement['status']) => mine.filter((r) => r.status === s).length;
  return {
    programId,
    rows: mine.length,
    dueFen: mine.reduce((n, r) => n + r.dueFen, 0),
    paidFen: mine.reduce((n, r) => n + r.paidFen, 0),
    paid: countOf('paid'),
    pending: countOf('pending'),
    failed: countOf('failed'),
    returned: countOf('returned'),
    byGroup,
  };
}

/** A summary without the pull's rank counter, for comparing with a folder import's. */
export function withoutRankCounter(summary: ProgramSummary | undefined): Omit<ProgramSummary, 'nextRank'> | undefined {
  if (!summary) return undefined;
  const { nextRank: _counter, ...rest } = summary;
  return rest;
}
