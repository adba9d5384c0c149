import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import { DEMO_FILES, type DemoManifest } from '../../../shared/demo/manifest';
import { disbursementSchema } from '../../../shared/domain/disbursement';
import { migrateToLatest } from '../../src/db/migrate';
import type { DatabaseHandle } from '../../src/db/connection';
import { listFundFreshness, listPaymentsByProgram } from '../../src/repositories/fundTotals';
import { publishFundFile } from '../../src/services/fundImport/publishFundFile';
import { checkFundFile } from '../../src/services/fundImport/validateFundFile';
import { importDemo } from '../../src/services/importDemo';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { fundTablesDigest } from './fundsSupport';

let workDir = '';
let demoDir = '';
let manifest: DemoManifest;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'funds-demo-'));
  demoDir = join(workDir, 'demo');
  manifest = await writeDemoData({ households: 40, years: 2, seed: 5, outDir: demoDir });
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe.each(TEST_DATABASE_KINDS)('fund totals of the demo county (%s)', (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    handle = database.open();
    await migrateToLatest(handle);
    await importDemo(handle.db, demoDir, { now: new Date('2025-12-01T00:00:00Z') });
  });
  afterEach(async () => {
    await database.drop();
  });

  async function expectedByProgram(): Promise<Map<string, { due: number; paid: number; households: Set<string> }>> {
    const rows = await handle.db.selectFrom('changes').select('value').where('stream', '=', 'disbursement').where('op', '=', 'put').execute();
    const sums = new Map<string, { due: number; paid: number; households: Set<string> }>();
    for (const r of rows) {
      const d = disbursementSchema.parse(JSON.parse(r.value ?? 'null'));
      const s = sums.get(d.programId) ?? { due: 0, paid: 0, households: new Set<string>() };
      s.due += d.dueFen;
      s.paid += d.paidFen;
      s.households.add(`${d.villageCode}|${d.householdNo}`);
      sums.set(d.programId, s);
    }
    return sums;
  }

  it('import-demo fills fund_totals with what it published', async () => {
    const expected = await expectedByProgram();
    const payments = await listPaymentsByProgram(handle.db);
    expect(payments.length).toBe(manifest.counts.programs);
    for (const p of payments) {
      const e = expected.get(p.programId);
      expect({ due: p.dueFen, paid: p.paidFen, households: p.households }).toEqual({ due: e?.due ?? 0, paid: e?.paid ?? 0, households: e?.households.size ?? 0 });
    }
    const freshness = await listFundFreshness(handle.db);
    expect(freshness.length).toBeGreaterThan(0);
    expect(freshness.every((f) => f.publishedAt === '2025-12-01T00:00:00.000Z')).toBe(true);
  });

  it('the demo public-notice CSV imports as a finance list: every row good, nothing removed', async () => {
    const file = join(demoDir, DEMO_FILES.disbursements);
    const check = await checkFundFile(handle.db, file);
    expect(check.counts).toMatchObject({ rows: manifest.counts.disbursements, goodRows: manifest.counts.disbursements, badRowCount: 0, skippedTitleRows: 0 });
    const before = await expectedByProgram();
    const result = await publishFundFile(handle.db, file, undefined, new Date('2025-12-02T00:00:00Z'));
    expect(result).toMatchObject({ published: manifest.counts.disbursements, removed: 0, dataAsOf: '2025-12-02' });
    expect(await expectedByProgram()).toEqual(before);
  });

  it('a publication that finds a row gone bad rolls back whole', async () => {
    const file = join(demoDir, DEMO_FILES.disbursements);
    const programs = await handle.db.selectFrom('changes').select('key').where('stream', '=', 'program').execute();
    const last = programs.at(-1)?.key ?? '';
    // The program disappears between preview and publish: its rows are now bad.
    await handle.db.insertInto('changes').values({ village_code: null, stream: 'program', op: 'delete', key: last, value: null, created_at: '2025-12-01T00:00:00Z' }).execute();
    const digest = await fundTablesDigest(handle.db);
    await expect(publishFundFile(handle.db, file, undefined, new Date())).rejects.toThrow(/bad rows; nothing was published/);
    expect(await fundTablesDigest(handle.db)).toBe(digest);
  });
});
