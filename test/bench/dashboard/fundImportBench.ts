import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { runCli } from '../../../server/src/cli/run';
import { openDatabase } from '../../../server/src/db/connection';
import { migrateToLatest } from '../../../server/src/db/migrate';
import { publishChanges } from '../../../server/src/repositories/changes';
import { addVillage } from '../../../server/src/repositories/villages';
import type { FundProgram } from '../../../shared/domain/fundProgram';
import type { County } from '../../../shared/domain/place';
import { completeIdNumber } from '../../../shared/identity/idNumber';

/**
 * A county of `villages` villages and one program, a `rows`-row finance-bureau list (title row,
 * synonym header, 乡镇+村 names, full ID numbers, grouped amounts) streamed to disk in UTF-8 or
 * GBK, then `county import-funds FILE` run in this process against a fresh SQLite file: the
 * CLI checks the whole file, then publishes it in one transaction. Reports seconds and the peak
 * RSS of the process (generation streams, so the peak is the import's).
 */
export interface FundImportBenchOptions {
  rows: number;
  villages: number;
  encoding: 'utf-8' | 'gbk';
  /** Keep the temp folder (database and CSV) for inspection. */
  keep?: boolean;
}

export interface FundImportBenchResult {
  rows: number;
  villages: number;
  encoding: string;
  fileMb: number;
  generateSeconds: number;
  dryRunSeconds: number;
  importSeconds: number;
  /** CPU time (user + system) of each phase: comparable across runs on a loaded machine, unlike wall time. */
  dryRunCpuSeconds: number;
  importCpuSeconds: number;
  rssBeforeImportMb: number;
  peakRssMb: number;
  publishedRows: number;
  dir: string;
}

const TOWNSHIPS = 10;
const COUNTY_CODE = '341222';

function benchCounty(villages: number): County {
  const townships = Array.from({ length: TOWNSHIPS }, (_, t) => ({ code: `${COUNTY_CODE}${String(100 + t).padStart(3, '0')}`, name: `第${t + 1}镇` }));
  return {
    code: COUNTY_CODE,
    name: '基准县',
    province: '安徽省',
    city: '示范市',
    townships,
    villages: Array.from({ length: villages }, (_, v) => {
      const township = townships[v % TOWNSHIPS]!;
      return { code: `${township.code}${String(v + 1).padStart(3, '0')}`, name: `村${v + 1}号村`, townshipCode: township.code, groups: 20 };
    }),
  };
}

const PROGRAM: FundProgram = {
  id: 'GDLB-2024', code: 'GDLB', year: 2024, name: '耕地地力保护补贴', category: 'planting', department: '县农业农村局',
  sources: { central: 800_000, province: 150_000, city: 30_000, county: 20_000 }, budgetFen: 1_000_000, rateFen: 9_800, unit: 'mu',
  eligibility: '承包耕地的农户',
  documents: [{ docNo: '皖财农〔2024〕12号', title: '关于2024年耕地地力保护补贴的通知', issuer: '安徽省财政厅', date: '2024-03-01', summary: '按面积补贴' }],
  stages: [], noticeFrom: '2024-04-01', noticeTo: '2024-04-08', consultPhone: '0556-1234567', supervisePhone: '12345', status: 'paying',
};

async function seed(file: string, county: County): Promise<void> {
  const handle = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(handle);
    for (const v of county.villages) await addVillage(handle.db, v);
    await publishChanges(handle.db, [
      { stream: 'county', villageCode: null, op: 'put', key: county.code, value: county },
      { stream: 'program', villageCode: null, op: 'put', key: PROGRAM.id, value: PROGRAM },
    ]);
  } finally {
    await handle.close();
  }
}

async function writeList(path: string, county: County, rows: number, encoding: 'utf-8' | 'gbk'): Promise<void> {
  const out = createWriteStream(path);
  const encode = (text: string): Buffer => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'));
  const townshipName = new Map(county.townships.map((t) => [t.code, t.name]));
  let buffer = '2024年耕地地力保护补贴发放花名册\r\n序号,户主姓名,身份证号码,乡镇,村,组,户号,银行账号,补贴面积(亩),补贴金额（元）,发放日期\r\n';
  for (let i = 0; i < rows; i++) {
    const village = county.villages[i % county.villages.length]!;
    const inVillage = Math.floor(i / county.villages.length);
    const id = completeIdNumber(`341222${1950 + (i % 50)}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`);
    const mu = 100 + (i % 2000);
    const fen = mu * 98;
    const yuan = `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
    buffer += `${i + 1},张${i % 97}${String.fromCharCode(0x4e00 + (i % 500))},${id},${townshipName.get(village.townshipCode)},${village.name},${1 + (inVillage % 20)}组,${String(inVillage + 1).padStart(6, '0')},6217001234567${String(i).padStart(6, '0')},${(mu / 100).toFixed(2)},"${yuan}",2024-06-15\r\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(encode(buffer))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(encode(buffer));
  await once(out, 'finish');
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
const cpuSeconds = (usage: NodeJS.CpuUsage): number => Math.round((usage.user + usage.system) / 100_000) / 10;

export async function runFundImportBench(options: FundImportBenchOptions): Promise<FundImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fund-import-bench-'));
  const db = join(dir, 'county.sqlite');
  const csv = join(dir, `list-${options.encoding}.csv`);
  const county = benchCounty(options.villages);
  try {
    await seed(db, county);
    let started = performance.now();
    await writeList(csv, county, options.rows, options.encoding);
    const generateSeconds = (performance.now() - started) / 1000;
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), env: { ...process.env, DATABASE_URL: '' } };

    started = performance.now();
    let cpu = process.cpuUsage();
    const dry = await runCli(['import-funds', csv, '--dry-run', '--json', '--program', PROGRAM.id, '--db', db], io);
    const dryRunSeconds = (performance.now() - started) / 1000;
    const dryRunCpu = cpuSeconds(process.cpuUsage(cpu));
    if (dry !== 0) throw new Error(`dry run failed: ${lines.join('\n').slice(0, 2000)}`);

    const rssBeforeImport = process.memoryUsage().rss;
    started = performance.now();
    cpu = process.cpuUsage();
    lines.length = 0;
    const status = await runCli(['import-funds', csv, '--json', '--program', PROGRAM.id, '--db', db], io);
    const importSeconds = (performance.now() - started) / 1000;
    const importCpu = cpuSeconds(process.cpuUsage(cpu));
    if (status !== 0) throw new Error(`import failed: ${lines.join('\n').slice(0, 2000)}`);
    const summary = JSON.parse(lines[0] ?? '{}') as { publication?: { published: number } };
    return {
      rows: options.rows,
      villages: options.villages,
      encoding: options.encoding,
      fileMb: mb(statSync(csv).size),
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      dryRunSeconds: Math.round(dryRunSeconds * 10) / 10,
      importSeconds: Math.round(importSeconds * 10) / 10,
      dryRunCpuSeconds: dryRunCpu,
      importCpuSeconds: importCpu,
      rssBeforeImportMb: mb(rssBeforeImport),
      // maxRSS is in kilobytes.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      publishedRows: summary.publication?.published ?? 0,
      dir,
    };
  } finally {
    if (options.keep !== true) rmSync(dir, { recursive: true, force: true });
  }
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(__filename)) {
  const encoding = process.argv.includes('--gbk') ? 'gbk' : 'utf-8';
  runFundImportBench({ rows: option('rows', 1_000_000), villages: option('villages', 300), encoding, keep: process.argv.includes('--keep') })
    .then((result) => {
      console.log(JSON.stringify(result, null, 2));
      if (result.publishedRows !== result.rows) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
