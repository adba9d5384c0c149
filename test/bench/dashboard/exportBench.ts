/**
 * `npx tsx test/bench/dashboard/exportBench.ts [--cases 200000] [--payments 1000000] [--villages 300]`:
 * seeds a SQLite county (cases and tickets through seedCounty, payment rows straight into the
 * change log), starts the real server on 127.0.0.1, signs a viewer in and downloads every export
 * over HTTP, reading the body as a stream. Prints time to first byte, total time, size and the
 * process's peak RSS and heap per export (the point of streaming: memory must not grow with the
 * row count). The server runs in this process, so the figures include the downloading client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { DASHBOARD_API_PREFIX } from '../../../shared/dashboard/staff';
import type { Disbursement } from '../../../shared/domain/disbursement';
import { buildApp } from '../../../server/src/app';
import { serverConfigSchema } from '../../../server/src/config';
import { openDatabase } from '../../../server/src/db/connection';
import { migrateToLatest } from '../../../server/src/db/migrate';
import { rebuildCaseSummaries } from '../../../server/src/projections/rebuild';
import { createStaffUser } from '../../../server/src/services/staffAccounts';
import { seedCounty } from './seedCounty';

const PASSWORD = 'bench password 123';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

/** Payment rows as an import publishes them: one 'disbursement' put per row, JSON, by village. */
function seedPayments(file: string, villageCodes: readonly string[], count: number, now: Date): void {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const insert = sqlite.prepare("insert into changes (village_code, stream, op, key, value, created_at) values (?, 'disbursement', 'put', ?, ?, ?)");
  const createdAt = now.toISOString();
  const CHUNK = 10_000;
  for (let start = 0; start < count; start += CHUNK) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(count, start + CHUNK); i++) {
        const villageCode = villageCodes[i % villageCodes.length] as string;
        const row: Disbursement = {
          id: `GDLB-2025-${villageCode}-${i}`, programId: 'GDLB-2025', year: 2025, period: 1, townshipCode: villageCode.slice(0, 9), villageCode,
          group: (i % 8) + 1, householdNo: String(i % 1_000_000).padStart(6, '0'), headName: i % 97 === 0 ? '=HYPERLINK("x")' : '王小华',
          idMasked: '341222********0417', accountLast4: '1234', quantityHundredths: 1250 + (i % 500), unit: 'mu', rateFen: 12_000,
          dueFen: 150_000 + (i % 500) * 120, paidFen: 150_000 + (i % 500) * 120, paidDate: '2025-06-30', status: 'paid', failureReason: '',
        };
        insert.run(villageCode, row.id, JSON.stringify(row), createdAt);
      }
    })();
  }
  sqlite.close();
}

async function main(): Promise<void> {
  const cases = option('cases', 200_000);
  const payments = option('payments', 1_000_000);
  const villages = option('villages', 300);
  const dir = mkdtempSync(join(tmpdir(), 'bench-exports-'));
  const file = join(dir, 'county.sqlite');
  const now = new Date();
  try {
    const setup = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(setup);
    await setup.close();
    const seedStart = performance.now();
    const { villageCodes } = seedCounty({ file, villages, cases, feedback: Math.floor(cases / 10), now, spanDays: 3 * 365 });
    seedPayments(file, villageCodes, payments, now);
    const db = openDatabase({ kind: 'sqlite', file });
    await rebuildCaseSummaries(db.db);
    await createStaffUser(db.db, { name: 'bench-viewer', role: 'viewer', password: PASSWORD });
    console.log(`seeded ${cases} cases, ${Math.floor(cases / 10)} tickets, ${payments} payments in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const app = await buildApp(serverConfigSchema.parse({ database: { kind: 'sqlite', file }, logLevel: 'silent', port: 0, rateLimitPerMinute: 1_000_000 }));
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const login = await fetch(`${base}${DASHBOARD_API_PREFIX}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench-viewer', password: PASSWORD }) });
      if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      console.log('| export | rows | first byte ms | total s | MB | peak RSS MB | peak heap+external MB |\n|---|---:|---:|---:|---:|---:|---:|');
      const runs: Array<[string, number]> = [
        ['/exports/cases.csv', cases], ['/exports/cases.xlsx', cases], ['/exports/feedback.csv?state=answered', 0],
        ['/exports/disbursements.csv', payments], ['/exports/disbursements.xlsx', payments],
      ];
      for (const [path, rows] of runs) {
        global.gc?.();
        let peak = process.memoryUsage().rss;
        let peakHeap = 0;
        const sampler = setInterval(() => {
          const usage = process.memoryUsage();
          peak = Math.max(peak, usage.rss);
          peakHeap = Math.max(peakHeap, usage.heapUsed + usage.external);
        }, 50);
        const started = performance.now();
        const response = await fetch(`${base}${DASHBOARD_API_PREFIX}${path}`, { headers: { cookie } });
        if (response.status !== 200 || response.body === null) throw new Error(`${path}: ${response.status}`);
        let firstByte = 0;
        let bytes = 0;
        const reader = response.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          if (firstByte === 0) firstByte = performance.now() - started;
          bytes += read.value.byteLength;
        }
        const total = (performance.now() - started) / 1000;
        clearInterval(sampler);
        console.log(`| ${path} | ${rows || '–'} | ${Math.round(firstByte)} | ${total.toFixed(1)} | ${(bytes / 1e6).toFixed(1)} | ${Math.round(peak / 1e6)} | ${Math.round(peakHeap / 1e6)} |`);
      }
    } finally {
      await app.close();
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
