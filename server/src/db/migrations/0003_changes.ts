import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The change log kiosks pull (server/README.md, "Change log"). Ids are the pull cursor, so they
 * must only grow: SQLite's AUTOINCREMENT never reuses an id of a deleted last row, and a PG identity
 * never goes back. A null village_code is a county-wide row every village receives.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('changes')
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('village_code', 'text', (c) => c.references('villages.code'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A device reads "its village or county-wide, after id N": two ranges of this one index.
  await db.schema.createIndex('changes_village_code_id_idx').on('changes').columns(['village_code', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('changes').execute();
}
