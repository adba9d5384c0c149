import { describe, expect, it } from 'vitest';
import { KIOSK_VERSION_HEADER, kioskVersionSchema } from '../../../shared/dashboard/devices';
import { KIOSK_VERSION } from '../../../renderer/src/kioskVersion';
import { createSyncClient } from '../../../renderer/src/sync/syncClient';

const PULL_ANSWER = { epoch: 1, changes: [], next: '', hasMore: false, remaining: 0 };

function recordingFetch(seen: Headers[]): typeof fetch {
  return async (_input, init) => {
    seen.push(new Headers(init?.headers));
    return new Response(JSON.stringify(PULL_ANSWER), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

describe('sync client: kiosk version header', () => {
  it('sends the kiosk version with every request when it has one', async () => {
    const seen: Headers[] = [];
    const client = createSyncClient({ baseUrl: 'http://127.0.0.1:8080', token: 't'.repeat(40), fetch: recordingFetch(seen), kioskVersion: '1.4.2' });
    await client.pull('', 10);
    await client.pull('abc', 10);
    expect(seen.map((h) => h.get(KIOSK_VERSION_HEADER))).toEqual(['1.4.2', '1.4.2']);
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${'t'.repeat(40)}`);
  });

  it('sends no header without a version', async () => {
    const seen: Headers[] = [];
    const client = createSyncClient({ baseUrl: 'http://127.0.0.1:8080', token: 't'.repeat(40), fetch: recordingFetch(seen) });
    await client.pull('', 10);
    expect(seen[0]?.has(KIOSK_VERSION_HEADER)).toBe(false);
  });

  it('the version the kiosk sends is one the county records', () => {
    expect(kioskVersionSchema.safeParse(KIOSK_VERSION).success).toBe(true);
  });
});
