import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 between a kiosk and the county. Each request is given a
 * fault by a schedule; every fault is one a weak mobile link really produces: the request lost, the
 * answer lost after the county committed (a lost acknowledgement), a late delivery, a request
 * delivered twice, an old request overtaken by a newer one, a cut body, a reset mid-answer.
 */
export type Fault =
  | { kind: 'none' }
  /** The request never reaches the county: the socket is destroyed before forwarding. */
  | { kind: 'dropRequest' }
  /** Half the request body reaches the county, then both connections are reset. */
  | { kind: 'cutRequest' }
  /** The county handles the request, its answer is lost: the socket is destroyed instead. */
  | { kind: 'dropResponse' }
  /** Delivered late; still delivered when the kiosk has given up waiting (packets in flight). */
  | { kind: 'delay'; ms: number }
  /** Delivered twice at once; the kiosk gets one of the answers. */
  | { kind: 'duplicate' }
  /** Held until the next request has been answered (or holdMs passed), then delivered. */
  | { kind: 'reorder'; holdMs: number }
  /** Delivered; the answer is held until `until` settles (the county killed meanwhile), then lost. */
  | { kind: 'holdThenDrop'; until: Promise<unknown> }
  /** The answer's headers arrive, the body is cut short and the message ends cleanly. */
  | { kind: 'truncate' }
  /** The answer's headers and part of its body arrive, then the connection is reset. */
  | { kind: 'reset' };

export type FaultKind = Fault['kind'];

export interface ProxiedRequest {
  /** 0-based, in arrival order. */
  index: number;
  method: string;
  path: string;
}

export type FaultSchedule = (request: ProxiedRequest) => Fault;

export interface FaultProxy {
  url: string;
  /** Faults applied so far, by kind ('none' included): a test asserts its faults really happened. */
  readonly applied: Record<FaultKind, number>;
  /** Requests that reached the county (a duplicated one counts twice). */
  readonly forwarded: { count: number };
  setSchedule(schedule: FaultSchedule): void;
  close(): Promise<void>;
}

interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade', 'proxy-connection']);

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('aborted')));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** No answer from the county (it is down, or was killed mid-request): the kiosk sees a reset. */
class UpstreamFailed extends Error {}

export async function startFaultProxy(upstream: string | (() => string), schedule: FaultSchedule = () => ({ kind: 'none' })): Promise<FaultProxy> {
  // The county may be restarted on another port: the target is read at each request.
  const target = typeof upstream === 'function' ? upstream : () => upstream;
  let current = schedule;
  let arrivals = 0;
  const applied: Record<FaultKind, number> = { none: 0, dropRequest: 0, cutRequest: 0, dropResponse: 0, holdThenDrop: 0, delay: 0, duplicate: 0, reorder: 0, truncate: 0, reset: 0 };
  const forwarded = { count: 0 };
  /** Released when the next request has been answered by the county (for 'reorder'). */
  let waitingForNext: Array<() => void> = [];

  function forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<UpstreamAnswer> {
    forwarded.count++;
    const base = new URL(target());
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: base.hostname, port: base.port, method, path, headers: { ...endToEndHeaders(headers), 'content-length': String(body.length) } },
        (answer) => {
          readBody(answer).then((buffer) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: buffer }), (error: unknown) => reject(new UpstreamFailed(String(error))));
        },
      );
      outgoing.on('error', (error) => reject(new UpstreamFailed(error.message)));
      outgoing.end(body);
    });
  }

  /** Sends the headers (announcing the whole body) and half the body, then resets the connection. */
  function forwardHalf(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<void> {
    forwarded.count++;
    const base = new URL(target());
    return new Promise((resolve) => {
      const outgoing = httpRequest({ host: base.hostname, port: base.port, method, path, headers: { ...endToEndHeaders(headers), 'content-length': String(body.length) } });
      outgoing.on('error', () => resolve());
      outgoing.on('close', () => resolve());
      outgoing.flushHeaders();
      outgoing.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => outgoing.destroy(), 50));
    });
  }

  function answered(): void {
    const released = waitingForNext;
    waitingForNext = [];
    for (const release of released) release();
  }

  function send(res: ServerResponse, answer: UpstreamAnswer, cutAt?: number): void {
    const body = cutAt === undefined ? answer.body : answer.body.subarray(0, cutAt);
    res.writeHead(answer.status, { ...endToEndHeaders(answer.headers), 'content-length': String(body.length) });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const request: ProxiedRequest = { index: arrivals++, method: req.method ?? 'GET', path: req.url ?? '/' };
    const fault = current(request);
    applied[fault.kind]++;
    const go = () => forward(request.method, request.path, req.headers, body);

    switch (fault.kind) {
      case 'dropRequest':
        req.socket.destroy();
        return;
      case 'cutRequest':
        await forwardHalf(request.method, request.path, req.headers, body);
        req.socket.destroy();
        return;
      case 'delay':
        await sleep(fault.ms);
        break;
      case 'reorder':
        await Promise.race([new Promise<void>((release) => waitingForNext.push(release)), sleep(fault.holdMs)]);
        break;
      default:
        break;
    }

    if (fault.kind === 'holdThenDrop') {
      await Promise.allSettled([go(), fault.until]);
      req.socket.destroy();
      return;
    }
    let answer: UpstreamAnswer;
    if (fault.kind === 'duplicate') {
      const [first] = await Promise.allSettled([go(), go()]).then((results) => results.filter((r): r is PromiseFulfilledResult<UpstreamAnswer> => r.status === 'fulfilled'));
      if (first === undefined) throw new UpstreamFailed('both copies failed');
      answer = first.value;
    } else {
      answer = await go();
    }
    // A held request waits for a newer one that reached the county, not for itself.
    if (fault.kind !== 'reorder') answered();

    switch (fault.kind) {
      case 'dropResponse':
        req.socket.destroy();
        return;
      case 'truncate':
        send(res, answer, Math.floor(answer.body.length / 2));
        return;
      case 'reset': {
        res.writeHead(answer.status, { ...endToEndHeaders(answer.headers), 'content-length': String(answer.body.length) });
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => res.socket?.destroy());
        return;
      }
      default:
        send(res, answer);
    }
  }

  const server: Server = createServer((req, res) => {
    // The kiosk may have given up (timeout) while its request is held: writes to it are ignored.
    res.on('error', () => undefined);
    req.socket.on('error', () => undefined);
    handle(req, res).catch(() => {
      if (!res.headersSent) req.socket.destroy();
    });
  });
  // Each request on its own connection, as after a mobile link drops: no keep-alive reuse across faults.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    applied,
    forwarded,
    setSchedule(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        answered();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same schedule on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SeededScheduleOptions {
  seed: number;
  /** The faults to draw from. */
  faults: readonly Fault[];
  /** Chance that a request gets a fault at all. */
  rate: number;
  /** At most this many faults in total: afterwards every request passes, so a sync always finishes. */
  maxFaults: number;
  /** Only requests whose path starts with this get faults (e.g. '/api/v1/sync/push'). */
  pathPrefix?: string;
}

/** A deterministic, bounded random schedule. */
export function seededSchedule({ seed, faults, rate, maxFaults, pathPrefix = '/api/v1/sync/' }: SeededScheduleOptions): FaultSchedule {
  const random = seededRandom(seed);
  let used = 0;
  return ({ path }) => {
    if (!path.startsWith(pathPrefix) || used >= maxFaults) return { kind: 'none' };
    const roll = random();
    const pick = random();
    if (roll >= rate) return { kind: 'none' };
    used++;
    return faults[Math.floor(pick * faults.length)] ?? { kind: 'none' };
  };
}

/** The given fault on the listed matching requests (0-based among those matching the prefix). */
export function scriptedSchedule(fault: Fault, onMatches: readonly number[], pathPrefix: string): FaultSchedule {
  let matches = 0;
  const wanted = new Set(onMatches);
  return ({ path }) => {
    if (!path.startsWith(pathPrefix)) return { kind: 'none' };
    return wanted.has(matches++) ? fault : { kind: 'none' };
  };
}
