import pg from 'pg';

/**
 * CI must prove the PostgreSQL path: there a missing TEST_DATABASE_URL fails the run instead of
 * quietly testing SQLite alone. Locally, PostgreSQL is optional; when it is configured, it must answer.
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? '';
  if (url === '') {
    if (process.env.CI === 'true') {
      throw new Error('CI=true but TEST_DATABASE_URL is not set: the server tests must run on PostgreSQL in CI (.ci/run starts it)');
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
