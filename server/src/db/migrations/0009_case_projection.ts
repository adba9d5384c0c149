import type { Kysely } from 'kysely';
import { rebuildCaseProjections } from '../../projections/rebuild';
import type { Database } from '../schema';

/**
 * The dashboard's read models (db/tables/cases.ts): one projection row per case with the indexes
 * its keyset pages use (each filter's column, then the list order received_at, id), the summary
 * counts the overview reads instead of scanning cases, and the feedback queue. Existing cases and
 * tickets are backfilled by folding their stored events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('receipt_no', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text', (c) => c.notNull().references('villages.code'))
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('is_open', 'integer', (c) => c.notNull())
    .addColumn('applicant_name_masked', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_received_idx').on('cases').columns(['received_at', 'id']).execute();
  await db.schema.createIndex('cases_village_received_idx').on('cases').columns(['village_code', 'received_at', 'id']).execute();
  await db.schema.createIndex('cases_state_received_idx').on('cases').columns(['state', 'received_at', 'id']).execute();
  await db.schema.createIndex('cases_item_received_idx').on('cases').columns(['item_code', 'received_at', 'id']).execute();
  // The overdue filter walks open cases in list order, testing the deadline from the index itself.
  await db.schema.createIndex('cases_open_received_idx').on('cases').columns(['is_open', 'received_at', 'id', 'deadline']).execute();
  // The overview's overdue count per village: open cases walked village by village (grouped in
  // index order, no sort), the deadline tested from the index itself.
  await db.schema.createIndex('cases_open_deadline_idx').on('cases').columns(['is_open', 'village_code', 'deadline']).execute();
  await db.schema.createIndex('cases_created_on_idx').on('cases').columns(['created_on', 'received_at', 'id']).execute();
  await db.schema.createIndex('cases_receipt_no_idx').on('cases').column('receipt_no').execute();

  await db.schema
    .createTable('case_state_counts')
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_state_counts_pk', ['village_code', 'state'])
    .execute();

  await db.schema
    .createTable('case_item_month_counts')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_item_month_counts_pk', ['month', 'item_code'])
    .execute();

  await db.schema
    .createTable('feedback_queue')
    .addColumn('feedback_id', 'text', (c) => c.primaryKey().references('feedback.id'))
    .addColumn('village_code', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('is_open', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_queue_open_idx').on('feedback_queue').columns(['is_open', 'received_at', 'feedback_id']).execute();
  await db.schema.createIndex('feedback_queue_village_idx').on('feedback_queue').columns(['village_code', 'is_open', 'received_at', 'feedback_id']).execute();
  await db.schema.createIndex('feedback_queue_category_idx').on('feedback_queue').columns(['category', 'is_open', 'received_at', 'feedback_id']).execute();
  await db.schema.createIndex('feedback_queue_open_village_idx').on('feedback_queue').columns(['is_open', 'category', 'village_code']).execute();

  await rebuildCaseProjections(db as unknown as Kysely<Database>);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback_queue').execute();
  await db.schema.dropTable('case_item_month_counts').execute();
  await db.schema.dropTable('case_state_counts').execute();
  await db.schema.dropTable('cases').execute();
}
