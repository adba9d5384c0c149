import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../scripts/lib/writeDemoData';
import { DEMO_FILES } from '../../shared/demo/manifest';
import { PUBLICATION_KEY, publicationSchema } from '../../shared/sync/pullStreams';
import { generateDemoData } from '../../shared/demo/generator/index';
import { migrateToLatest } from '../src/db/migrate';
import { publishChanges } from '../src/repositories/changes';
import { addVillage } from '../src/repositories/villages';
import { importDemo } from '../src/services/importDemo';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'server/src/cli.ts');
const OPTIONS = { households: 60, years: 2, seed: 3 };

let workDir = '';
let demoDir = '';

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'import-demo-'));
  demoDir = join(workDir, 'demo');
  await writeDemoData({ ...OPTIONS, outDir: demoDir });
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** A copy of the demo set that a test may damage. */
function copyOfDemo(name: string): string {
  const dir = join(workDir, name);
  cpSync(demoDir, dir, { recursive: true });
  return dir;
}

/** What the import should publish, counted straight from the generator rather than the files. */
function expectedCounts(): Map<string, number> {
  const data = generateDemoData(OPTIONS);
  const counts = new Map<string, number>();
  const add = (stream: string, village: string | null) => {
    const key = `${stream}|${village ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  add('county', null);
  add('publication', null);
  for (const _ of data.programs) add('program', null);
  for (const _ of data.serviceItems) add('serviceItem', null);
  for (const _ of data.holidays) add('holiday', null);
  for (const n of data.notices) add('notice', n.villageCode);
  for (const p of data.projects) add('project', p.villageCode);
  for (const line of data.disbursements()) add('disbursement', line.row.villageCode);
  return counts;
}

describe.each(TEST_DATABASE_KINDS)('import-demo (%s)', (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database.drop();
  });

  async function county(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(TSX, [CLI, ...args, ...database.cliArgs], {
        cwd: ROOT,
        env: { ...process.env, ...database.cliEnv, LOG_LEVEL: 'silent' },
      });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  async function changeCounts(): Promise<Map<string, number>> {
    const handle = database.open();
    const rows = await handle.db
      .selectFrom('changes')
      .select(['stream', 'village_code'])
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .groupBy(['stream', 'village_code'])
      .execute();
    return new Map(rows.map((r) => [`${r.stream}|${r.village_code ?? ''}`, Number(r.n)]));
  }

  async function snapshot(): Promise<{ villages: unknown[]; changes: unknown[] }> {
    const handle = database.open();
    return {
      villages: await handle.db.selectFrom('villages').selectAll().orderBy('code').execute(),
      changes: await handle.db.selectFrom('changes').selectAll().orderBy('id').execute(),
    };
  }

  /** A database that already holds something, so "unchanged" is not just "empty". */
  async function seedDatabase(): Promise<void> {
    const handle = database.open();
    await migrateToLatest(handle);
    await addVillage(handle.db, { code: '130123104201', name: '东村', townshipCode: '130123104' });
    await publishChanges(handle.db, [{ villageCode: '130123104201', stream: 'notice', op: 'put', key: 'N-SEED', value: { seed: true } }]);
  }

  it('imports the demo set through the CLI: villages, then every stream, per village', async () => {
    const result = await county('import-demo', demoDir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const data = generateDemoData(OPTIONS);
    expect(result.stdout).toContain(`villages added: ${data.county.villages.length}`);
    expect(result.stdout).toMatch(/published disbursement: \d+/);
    expect(result.stdout).toMatch(/done in \d+\.\d s/);

    expect(await changeCounts()).toEqual(expectedCounts());
    const { villages } = await snapshot();
    expect(villages.map((v) => (v as { code: string }).code)).toEqual(data.county.villages.map((v) => v.code).sort());
  });

  it('imports again without adding villages twice, and keeps stored values whole', async () => {
    const handle = database.open();
    await migrateToLatest(handle);
    // A small batch size makes this set span many publishChanges transactions, with a partial last one.
    const first = await importDemo(handle.db, demoDir, { batchSize: 97 });
    const second = await importDemo(handle.db, demoDir);
    expect(first.villagesAdded).toBe(generateDemoData(OPTIONS).county.villages.length);
    expect(second.villagesAdded).toBe(0);
    expect(second.published).toEqual(first.published);
    const total = Object.values(first.published).reduce((sum, n) => sum + n, 0);
    expect(total % 97).not.toBe(0);
    // The second import supersedes every row of the first: the compacted log holds each record once.
    const stored = await handle.db.selectFrom('changes').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(total);

    const firstLine = generateDemoData(OPTIONS).disbursements().next();
    if (firstLine.done === true) throw new Error('the demo set has no disbursements');
    const storedRow = await handle.db.selectFrom('changes').select('value').where('stream', '=', 'disbursement').where('key', '=', firstLine.value.row.id).orderBy('id').executeTakeFirstOrThrow();
    expect(JSON.parse(storedRow.value ?? 'null')).toEqual(firstLine.value.row);
  });

  it('publishes disbursements newest year first, each year in file order, then the publication date', async () => {
    const handle = database.open();
    await migrateToLatest(handle);
    await importDemo(handle.db, demoDir, { batchSize: 101 });
    const data = generateDemoData(OPTIONS);
    const fileOrder = [...data.disbursements()].map((line) => line.row);
    const years = [...new Set(fileOrder.map((r) => r.year))].sort((a, b) => b - a);
    expect(years.length).toBe(OPTIONS.years);
    const expected = years.flatMap((year) => fileOrder.filter((r) => r.year === year).map((r) => r.id));
    const published = await handle.db.selectFrom('changes').select(['key', 'stream']).where('stream', '=', 'disbursement').orderBy('id').execute();
    expect(published.map((r) => r.key)).toEqual(expected);

    const last = await handle.db.selectFrom('changes').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ stream: 'publication', key: PUBLICATION_KEY, village_code: null, op: 'put' });
    const manifest = JSON.parse(readFileSync(join(demoDir, DEMO_FILES.manifest), 'utf8')) as { dataAsOf: string };
    expect(publicationSchema.strict().parse(JSON.parse(last.value ?? 'null'))).toEqual({ dataAsOf: manifest.dataAsOf });
  });

  it('refuses a CSV whose last line was cut, naming file and line, and changes nothing', async () => {
    const dir = copyOfDemo(`cut-${kind}`);
    const csvPath = join(dir, DEMO_FILES.disbursements);
    const text = readFileSync(csvPath, 'utf8').replace(/\r\n$/, '');
    const lastBreak = text.lastIndexOf('\r\n');
    const lastLine = text.slice(lastBreak + 2);
    writeFileSync(csvPath, text.slice(0, lastBreak + 2) + lastLine.slice(0, Math.floor(lastLine.length / 2)), 'utf8');
    const lineNo = text.slice(0, lastBreak).split('\r\n').length + 1;

    await seedDatabase();
    const before = await snapshot();
    const result = await county('import-demo', dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${DEMO_FILES.disbursements} line ${lineNo}:`);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a set with a missing file, naming it, and changes nothing', async () => {
    const dir = copyOfDemo(`missing-${kind}`);
    rmSync(join(dir, DEMO_FILES.holidays));
    await seedDatabase();
    const before = await snapshot();
    const result = await county('import-demo', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/holidays\.json: missing/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a manifest whose counts disagree with the files', async () => {
    const dir = copyOfDemo(`count-${kind}`);
    const manifestPath = join(dir, DEMO_FILES.manifest);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { counts: { disbursements: number } };
    manifest.counts.disbursements += 1;
    writeFileSync(manifestPath, JSON.stringify(manifest), 'utf8');
    const handle = database.open();
    await migrateToLatest(handle);
    await expect(importDemo(handle.db, dir)).rejects.toThrow(/disbursements\.csv: \d+ records, but manifest\.json says \d+/);
    expect(await changeCounts()).toEqual(new Map());
  });
});
