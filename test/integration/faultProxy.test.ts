import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedSchedule, seededSchedule, startFaultProxy, type Fault, type FaultProxy } from './support/faultProxy';

/**
 * The proxy itself, against a tiny upstream that records what reached it: each fault must do to
 * the wire exactly what its name says, or the fault scenarios prove nothing.
 */
let upstream: Server;
let upstreamUrl: string;
const arrived: string[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrived.push(`${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echo: req.url, padding: 'x'.repeat(200) }));
    });
    // A cut request never ends: the upstream sees it aborted and answers nothing.
    req.on('aborted', () => arrived.push(`${req.url} ABORTED`));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => upstream.close(() => r()));
});

async function through(fault: Fault, path = '/api/v1/sync/x'): Promise<{ proxy: FaultProxy; result: string }> {
  const proxy = await startFaultProxy(upstreamUrl, scriptedSchedule(fault, [0], '/api/v1/sync/'));
  arrived.length = 0;
  const result = await fetch(`${proxy.url}${path}`, { method: 'POST', body: '{"entries":[1,2,3]}', signal: AbortSignal.timeout(2_000) })
    .then(async (r) => `${r.status} ${JSON.parse(await r.text()).echo as string}`)
    .catch((error: unknown) => `failed: ${error instanceof Error ? error.name : String(error)}`);
  await new Promise((r) => setTimeout(r, 100));
  await proxy.close();
  return { proxy, result };
}

describe('the fault proxy', () => {
  it('passes a request through untouched without a fault', async () => {
    expect((await through({ kind: 'none' })).result).toBe('200 /api/v1/sync/x');
    expect(arrived).toEqual(['/api/v1/sync/x {"entries":[1,2,3]}']);
  });

  it('drops a request before the county sees it, or the answer after it did', async () => {
    expect((await through({ kind: 'dropRequest' })).result).toMatch(/^failed/);
    expect(arrived).toEqual([]);
    expect((await through({ kind: 'dropResponse' })).result).toMatch(/^failed/);
    expect(arrived).toEqual(['/api/v1/sync/x {"entries":[1,2,3]}']);
  });

  it('cuts a request half-way: the county never gets a whole body', async () => {
    expect((await through({ kind: 'cutRequest' })).result).toMatch(/^failed/);
    expect(arrived).toEqual(['/api/v1/sync/x ABORTED']);
  });

  it('duplicates a request to the county and answers once', async () => {
    const { proxy, result } = await through({ kind: 'duplicate' });
    expect(result).toBe('200 /api/v1/sync/x');
    expect(arrived).toHaveLength(2);
    expect(proxy.forwarded.count).toBe(2);
  });

  it('truncates an answer (a clean but short body) and resets mid-answer', async () => {
    expect((await through({ kind: 'truncate' })).result).toMatch(/^failed: SyntaxError/);
    expect((await through({ kind: 'reset' })).result).toMatch(/^failed/);
    expect(arrived).toHaveLength(1);
  });

  it('delivers a held request after the next one', async () => {
    const proxy = await startFaultProxy(upstreamUrl, scriptedSchedule({ kind: 'reorder', holdMs: 2_000 }, [0], '/api/v1/sync/'));
    arrived.length = 0;
    const first = fetch(`${proxy.url}/api/v1/sync/first`, { method: 'POST', body: '1' });
    await new Promise((r) => setTimeout(r, 100));
    await fetch(`${proxy.url}/api/v1/sync/second`, { method: 'POST', body: '2' });
    await first;
    await proxy.close();
    expect(arrived).toEqual(['/api/v1/sync/second 2', '/api/v1/sync/first 1']);
  });

  it('draws the same bounded schedule from the same seed, and none outside the sync paths', () => {
    const faults: Fault[] = [{ kind: 'dropRequest' }, { kind: 'reset' }, { kind: 'duplicate' }];
    const draw = (seed: number) => {
      const schedule = seededSchedule({ seed, faults, rate: 0.5, maxFaults: 5 });
      return Array.from({ length: 40 }, (_, index) => schedule({ index, method: 'GET', path: '/api/v1/sync/pull' }).kind);
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    expect(draw(3).filter((k) => k !== 'none')).toHaveLength(5);
    const health = seededSchedule({ seed: 3, faults, rate: 1, maxFaults: 5 });
    expect(health({ index: 0, method: 'GET', path: '/api/v1/health' }).kind).toBe('none');
  });
});
