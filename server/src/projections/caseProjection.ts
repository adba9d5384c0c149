import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { monthOf, projectCaseRow } from './caseRow';

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Summary count changes of one refresh, merged so each summary row is written once. */
class SummaryDeltas {
  readonly states = new Map<string, { villageCode: string; state: string; delta: number }>();
  readonly itemMonths = new Map<string, { month: string; itemCode: string; itemName: string; delta: number }>();

  addState(villageCode: string, state: string, delta: number): void {
    const key = `${villageCode}\u0000${state}`;
    const entry = this.states.get(key) ?? { villageCode, state, delta: 0 };
    entry.delta += delta;
    this.states.set(key, entry);
  }

  addItemMonth(month: string, itemCode: string, itemName: string): void {
    const key = `${month}\u0000${itemCode}`;
    const entry = this.itemMonths.get(key) ?? { month, itemCode, itemName, delta: 0 };
    entry.delta += 1;
    this.itemMonths.set(key, entry);
  }

  /**
   * Writes in key order: every transaction locks summary rows in the same global order (and only
   * after all its projection rows), so two batches of one village can never deadlock on them.
   */
  async apply(trx: Kysely<Database>): Promise<void> {
    for (const key of [...this.states.keys()].sort()) {
      const { villageCode, state, delta } = this.states.get(key) as { villageCode: string; state: string; delta: number };
      if (delta === 0) continue;
      await trx
        .insertInto('case_state_counts')
        .values({ village_code: villageCode, state, count: delta })
        .onConflict((oc) => oc.columns(['village_code', 'state']).doUpdateSet({ count: sql<number>`case_state_counts.count + excluded.count` }))
        .execute();
    }
    for (const key of [...this.itemMonths.keys()].sort()) {
      const { month, itemCode, itemName, delta } = this.itemMonths.get(key) as { month: string; itemCode: string; itemName: string; delta: number };
      await trx
        .insertInto('case_item_month_counts')
        .values({ month, item_code: itemCode, item_name: itemName, count: delta })
        .onConflict((oc) => oc.columns(['month', 'item_code']).doUpdateSet({ count: sql<number>`case_item_month_counts.count + excluded.count`, item_name: sql<string>`excluded.item_name` }))
        .execute();
    }
  }
}

/**
 * Re-folds one case from all its stored events and writes its projection row, noting how the
 * summary counts change. On PostgreSQL the old row is locked first, so two transactions
 * refreshing the same case (a push and a county write) go one after the other, each folding the
 * events the other stored (they are read after the lock) and counting from the row it left.
 */
async function refreshOne(trx: Kysely<Database>, caseId: string, deltas: SummaryDeltas): Promise<void> {
  let previousQuery = trx.selectFrom('cases').select(['village_code', 'state']).where('id', '=', caseId);
  if (isPostgres(trx)) previousQuery = previousQuery.forUpdate();
  const previous = await previousQuery.executeTakeFirst();
  const events = await trx.selectFrom('case_events').select(['id', 'type', 'village_code', 'body', 'received_at']).where('case_id', '=', caseId).execute();
  // Only a case whose creation is stored can be folded; push and county writes never store others.
  if (!events.some((row) => row.type === 'created')) return;
  const row = projectCaseRow(events);

  if (previous === undefined) {
    await trx.insertInto('cases').values(row).execute();
    deltas.addItemMonth(monthOf(row.created_on), row.item_code, row.item_name);
  } else {
    const { id: _id, ...changes } = row;
    await trx.updateTable('cases').set(changes).where('id', '=', caseId).execute();
    deltas.addState(previous.village_code, previous.state, -1);
  }
  deltas.addState(row.village_code, row.state, 1);
}

/**
 * Refreshes the projections of the cases a transaction touched, each once, in id order (so
 * concurrent batches lock projection rows in the same order), then the summary counts.
 */
export async function refreshCaseProjections(trx: Kysely<Database>, caseIds: Iterable<string>): Promise<void> {
  const deltas = new SummaryDeltas();
  for (const caseId of [...new Set(caseIds)].sort()) await refreshOne(trx, caseId, deltas);
  await deltas.apply(trx);
}

export async function refreshCaseProjection(trx: Kysely<Database>, caseId: string): Promise<void> {
  await refreshCaseProjections(trx, [caseId]);
}
