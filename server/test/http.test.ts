import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

describe.each(TEST_DATABASE_KINDS)('HTTP basics (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 5, enrollRateLimitPerMinute: 3 });
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
  });

  it('answers health with the epoch once the database answers', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', epoch: 1 });
  });

  it('answers an unknown route with 404 NOT_FOUND in the API\'s error shape', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/nothing-here?x=1`);
    expect(response.status).toBe(404);
    expect(apiErrorSchema.strict().parse(await response.json()).error.code).toBe('NOT_FOUND');
  });

  it('rate-limits enrollment attempts per address with 429 RATE_LIMITED', async () => {
    const attempt = () =>
      fetch(`${server.baseUrl}/api/v1/devices/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'ABCDEFGH2345', deviceName: 'guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const limited = await attempt();
    expect(apiErrorSchema.strict().parse(await limited.json()).error.code).toBe('RATE_LIMITED');
  });

  it('reads gzip request bodies, so kiosks can compress pushes', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ code: 'ABCDEFGH2345', deviceName: 'gz' })),
    });
    // Unknown code (404), not a parse failure: the body was decompressed and understood.
    expect(response.status).toBe(404);
  });

  it('never leaks internals of a server fault', async () => {
    await server.handle.db.schema.dropTable('server_meta').execute();
    const response = await fetch(`${server.baseUrl}/api/v1/health`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(apiErrorSchema.strict().parse(JSON.parse(text)).error.code).toBe('DATABASE_UNAVAILABLE');
    expect(text).not.toMatch(/server_meta|stack|at .*\.ts/);
  });
});
