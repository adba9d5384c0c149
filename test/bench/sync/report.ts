import type { SyncBenchResult } from './runSyncBench';

/** Targets from the issue and DESIGN.md §5, checked here so the table says met or missed. */
export const SYNC_TARGETS = { oursOverPouch: 3, oursOverRaw: 0.7, firstUsableMs: 5_000, ingestP99Ms: 500 } as const;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const secs = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

function table(rows: string[][], log: (line: string) => void): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const row of rows) log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
}

export function printSyncReport(result: SyncBenchResult, log: (line: string) => void): void {
  log('');
  const first = result.firstSync;
  if (first) {
    log(`First sync of ${int(first.rows)} disbursement rows into Chromium IndexedDB (county import ${first.countyImportSeconds.toFixed(1)} s, not timed):`);
    table([
      ['', 'rows', 'seconds', 'rows/s', 'bytes down', 'bytes up', 'requests', 'first usable'],
      ['ours (pull worker)', int(first.ours.disbursementsStored), first.ours.seconds.toFixed(1), int(first.ours.rowsPerSecond), mib(first.ours.wire.bytesOut), mib(first.ours.wire.bytesIn), int(first.ours.wire.requests), `${secs(first.ours.firstUsableMs)} (years ${first.ours.firstUsableYears.join(',') || '?'}; newest ${first.newestYear})`],
      [`PouchDB${first.pouch.timedOut ? ' (budget hit)' : ''}`, int(first.pouch.docsStored), first.pouch.seconds.toFixed(1), int(first.pouch.rowsPerSecond), mib(first.pouch.wire.bytesOut), mib(first.pouch.wire.bytesIn), int(first.pouch.wire.requests), secs(first.pouch.firstReadableMs)],
      ['raw IndexedDB (best of 2)', int(first.raw.rows), first.raw.seconds.toFixed(1), int(first.raw.rowsPerSecond), '—', '—', '—', '—'],
    ], log);
    log(`ours: ${secs(first.ours.pullWaitMs)} inside pull() (the county busy answering for ${secs(first.ours.wire.serverMs)} of it), ` +
      `${secs(first.ours.ms - first.ours.pullWaitMs)} applying pages; PouchDB's server was busy ${secs(first.pouch.wire.serverMs)}`);
    log(`ours / PouchDB = ${first.ratios.oursOverPouch.toFixed(2)}× (target ≥ ${SYNC_TARGETS.oursOverPouch}×: ${verdict(first.ratios.oursOverPouch >= SYNC_TARGETS.oursOverPouch)}); ` +
      `ours / raw = ${(first.ratios.oursOverRaw * 100).toFixed(0)}% (target ≥ ${SYNC_TARGETS.oursOverRaw * 100}%: ${verdict(first.ratios.oursOverRaw >= SYNC_TARGETS.oursOverRaw)}); ` +
      `lookup usable ${secs(first.ours.firstUsableMs)} (target < 5 s: ${verdict(first.ours.firstUsableMs !== null && first.ours.firstUsableMs < SYNC_TARGETS.firstUsableMs)})`);
    log('');
  }
  if (result.push) {
    const p = result.push;
    log(`Push: ${int(p.events)} case events from one kiosk in ${p.seconds.toFixed(1)} s = ${int(p.eventsPerSecond)} events/s acknowledged ` +
      `(${p.requests} requests, ${p.roundTripSeconds.toFixed(1)} s waiting on the county; ${p.rejected} rejected; county rows ${int(p.countyRows)}${p.countyRows === p.events ? ', none lost' : ', LOSS'})`);
    log('');
  }
  if (result.ingest && result.ingest.length > 0) {
    log(`Server ingest: devices pushing at once (${result.ingest[0]!.eventsPerDevice} events each, ${result.ingest[0]!.entriesPerRequest} per request):`);
    table([
      ['database', 'devices', 'events', 'seconds', 'events/s', 'requests', 'retries', 'p50 ms', 'p99 ms', 'max ms', 'county rows', 'p99 < 500 ms'],
      ...result.ingest.map((r) => [r.database, int(r.devices), int(r.eventsSent), r.seconds.toFixed(1), int(r.eventsPerSecond), int(r.requests), int(r.retries), String(r.latencyMs.p50), String(r.latencyMs.p99), String(r.latencyMs.max), `${int(r.countyRows)}${r.countyRows === r.eventsSent ? '' : ' LOSS'}`, verdict(r.latencyMs.p99 < SYNC_TARGETS.ingestP99Ms)]),
    ], log);
    log('');
  }
  for (const note of result.notes) log(`note: ${note}`);
}
