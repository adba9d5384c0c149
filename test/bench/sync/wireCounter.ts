import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface WireCount {
  /** Bytes the server sent (headers + bodies, as compressed on the wire). */
  bytesOut: number;
  /** Bytes the server received. */
  bytesIn: number;
  requests: number;
  /** Summed time from each request's arrival to the end of its response: how long the server kept clients waiting. */
  serverMs: number;
}

export interface WireCounter {
  /** Totals so far; take one before and one after a phase and subtract. */
  read(): WireCount;
}

/**
 * Counts at the server's sockets rather than through a proxy: a proxy hop on a 2-core machine would
 * slow the very transfers being compared. Live keep-alive sockets are read as they stand.
 */
export function countWire(server: Server): WireCounter {
  const live = new Set<Socket>();
  let closedOut = 0;
  let closedIn = 0;
  let requests = 0;
  let serverMs = 0;
  server.on('connection', (socket: Socket) => {
    live.add(socket);
    socket.once('close', () => {
      live.delete(socket);
      closedOut += socket.bytesWritten;
      closedIn += socket.bytesRead;
    });
  });
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    requests++;
    const arrived = performance.now();
    response.once('finish', () => {
      serverMs += performance.now() - arrived;
    });
  });
  return {
    read() {
      let bytesOut = closedOut;
      let bytesIn = closedIn;
      for (const socket of live) {
        bytesOut += socket.bytesWritten;
        bytesIn += socket.bytesRead;
      }
      return { bytesOut, bytesIn, requests, serverMs };
    },
  };
}

export function wireSince(counter: WireCounter, before: WireCount): WireCount {
  const now = counter.read();
  return { bytesOut: now.bytesOut - before.bytesOut, bytesIn: now.bytesIn - before.bytesIn, requests: now.requests - before.requests, serverMs: now.serverMs - before.serverMs };
}
