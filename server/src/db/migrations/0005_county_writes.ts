import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The county writes on village records (services/countyCaseEvents.ts, services/feedbackAnswers.ts):
 * - case_events.device_id becomes nullable: a county user's event has no device. SQLite cannot
 *   drop a NOT NULL in place, so there the table is rebuilt (nothing references it).
 * - case_events.receipt_no and feedback.ticket_no: county staff name records by the numbers on
 *   the resident's slip; both are backfilled from the stored bodies.
 * - one 'created' event per case, as a unique index, so two devices racing to create the same
 *   case get a clean per-entry rejection instead of a failed batch.
 * - county_authors: each county user's gap-free authorSeq counter; feedback_answers: the latest
 *   answer to each ticket.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`alter table case_events alter column device_id drop not null`.execute(db);
    await db.schema.alterTable('case_events').addColumn('receipt_no', 'text').execute();
  } else {
    await sql`create table case_events_next (
      id text primary key,
      case_id text not null,
      village_code text not null references villages (code),
      device_id text references devices (id),
      type text not null,
      author_seq bigint not null,
      body text not null,
      received_at text not null,
      receipt_no text
    )`.execute(db);
    await sql`insert into case_events_next (id, case_id, village_code, device_id, type, author_seq, body, received_at)
      select id, case_id, village_code, device_id, type, author_seq, body, received_at from case_events`.execute(db);
    await sql`drop table case_events`.execute(db);
    await sql`alter table case_events_next rename to case_events`.execute(db);
    await db.schema.createIndex('case_events_case_id_idx').on('case_events').columns(['case_id', 'village_code']).execute();
    await db.schema.createIndex('case_events_device_id_idx').on('case_events').column('device_id').execute();
  }
  await db.schema.createIndex('case_events_receipt_no_idx').on('case_events').column('receipt_no').execute();
  await db.schema.createIndex('case_events_one_creation_idx').on('case_events').column('case_id').unique().where(sql.ref('type'), '=', sql.lit('created')).execute();
  await db.schema.alterTable('feedback').addColumn('ticket_no', 'text').execute();
  await db.schema.createIndex('feedback_ticket_no_idx').on('feedback').column('ticket_no').execute();
  await backfill(db, 'case_events', 'receipt_no', 'receiptNo', sql`type = 'created'`);
  await backfill(db, 'feedback', 'ticket_no', 'ticketNo', sql`1 = 1`);

  await db.schema
    .createTable('county_authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feedback_answers')
    .addColumn('feedback_id', 'text', (c) => c.primaryKey().references('feedback.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .execute();
}

/** Copies a number out of each stored JSON body; the bodies were validated when they were pushed. */
async function backfill(db: Kysely<unknown>, table: 'case_events' | 'feedback', column: string, field: string, filter: ReturnType<typeof sql>): Promise<void> {
  const rows = await sql<{ id: string; body: string }>`select id, body from ${sql.table(table)} where ${filter}`.execute(db);
  for (const row of rows.rows) {
    const value = (JSON.parse(row.body) as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id = ${row.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback_answers').execute();
  await db.schema.dropTable('county_authors').execute();
  await db.schema.dropIndex('feedback_ticket_no_idx').execute();
  await db.schema.alterTable('feedback').dropColumn('ticket_no').execute();
  await db.schema.dropIndex('case_events_one_creation_idx').execute();
  await db.schema.dropIndex('case_events_receipt_no_idx').execute();
  await db.schema.alterTable('case_events').dropColumn('receipt_no').execute();
}
