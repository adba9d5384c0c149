import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CsvStreamParser } from '../../../shared/csv';
import { generateDemoData } from '../../../shared/demo/generator/index';
import { DEMO_AGENTS_FILE } from '../../../shared/agents/demoAgents';
import { DEMO_FILES, demoManifestSchema } from '../../../shared/demo/manifest';
import { checkPublicNoticeHeader, parsePublicNoticeRow, PublicNoticeContext } from '../../../shared/demo/publicNoticeCsv';
import { fundProgramSchema } from '../../../shared/domain/fundProgram';
import { noticeSchema } from '../../../shared/domain/notice';
import { countySchema } from '../../../shared/domain/place';
import { holidaySchema, serviceItemSchema } from '../../../shared/domain/serviceItem';
import { villageProjectSchema } from '../../../shared/domain/villageProject';
import { containsFullIdNumber } from '../../../shared/privacy/masking';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';

const OPTIONS = { households: 150, years: 5, seed: 3 } as const;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'demo-data-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  return out;
}

describe('writeDemoData', () => {
  it('writes every file of the set, and nothing else', async () => {
    const dir = join(root, 'set');
    const progress: number[] = [];
    const manifest = await writeDemoData({ ...OPTIONS, outDir: dir, onProgress: (n) => progress.push(n) });
    expect((await readdir(dir)).sort()).toEqual([...Object.values(DEMO_FILES), DEMO_AGENTS_FILE].sort());
    expect(progress.at(-1)).toBe(manifest.counts.disbursements);

    const json = async (file: string): Promise<unknown> => JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown;
    expect(demoManifestSchema.parse(await json(DEMO_FILES.manifest))).toEqual(manifest);
    const county = countySchema.parse(await json(DEMO_FILES.county));
    const programs = z.array(fundProgramSchema).parse(await json(DEMO_FILES.programs));
    expect(z.array(villageProjectSchema).parse(await json(DEMO_FILES.projects))).toHaveLength(manifest.counts.projects);
    expect(z.array(noticeSchema).parse(await json(DEMO_FILES.notices))).toHaveLength(manifest.counts.notices);
    expect(z.array(serviceItemSchema).parse(await json(DEMO_FILES.serviceItems))).toHaveLength(manifest.counts.serviceItems);
    expect(z.array(holidaySchema).parse(await json(DEMO_FILES.holidays))).toHaveLength(manifest.counts.holidays);
    expect(programs).toHaveLength(manifest.counts.programs);
    expect(manifest).toMatchObject({ format: 1, seed: 3, households: 150, years: 5, firstYear: 2021, lastYear: 2025, dataAsOf: '2025-11-20' });

    const csv = await readFile(join(dir, DEMO_FILES.disbursements), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(csv)).toBe(false);
    const parser = new CsvStreamParser();
    const [header, ...body] = [...parser.push(csv), ...parser.finish()];
    expect(checkPublicNoticeHeader(header?.fields ?? [])).toBeNull();
    expect(body).toHaveLength(manifest.counts.disbursements);
    const context = new PublicNoticeContext(county, programs);
    const bad = body.map((r) => parsePublicNoticeRow(r.fields, context)).filter((r) => !r.ok);
    expect(bad).toEqual([]);
    expect(body.map((r) => Number(r.fields[0]))).toEqual(body.map((_, i) => i + 1));
  });

  it('is byte-for-byte deterministic, and the seed matters', async () => {
    await writeDemoData({ ...OPTIONS, outDir: join(root, 'a') });
    await writeDemoData({ ...OPTIONS, outDir: join(root, 'b') });
    await writeDemoData({ ...OPTIONS, seed: 4, outDir: join(root, 'c') });
    const a = await hashes(join(root, 'a'));
    const b = await hashes(join(root, 'b'));
    const c = await hashes(join(root, 'c'));
    expect(Object.keys(a)).toHaveLength(Object.keys(DEMO_FILES).length + 1);
    expect(b).toEqual(a);
    expect(c[DEMO_FILES.disbursements]).not.toBe(a[DEMO_FILES.disbursements]);
    expect(c[DEMO_FILES.serviceItems]).toBe(a[DEMO_FILES.serviceItems]);
  });

  it('never writes a full ID number anywhere, only the masked form', async () => {
    const dir = join(root, 'privacy');
    await writeDemoData({ ...OPTIONS, outDir: dir });
    const households = generateDemoData(OPTIONS).households;
    for (const name of await readdir(dir)) {
      const text = await readFile(join(dir, name), 'utf8');
      expect(containsFullIdNumber(text), name).toBe(false);
      expect(households.filter((h) => text.includes(h.idNumber)).map((h) => h.idNumber), name).toEqual([]);
    }
    const csv = await readFile(join(dir, DEMO_FILES.disbursements), 'utf8');
    const listed = households.filter((h) => csv.includes(`,${h.householdNo},${h.headName},${h.idMasked},`));
    expect(listed.length).toBeGreaterThan(households.length * 0.9);
  });

  it('honours townships, scope and the data year', async () => {
    const manifest = await writeDemoData({ households: 40, years: 2, seed: 8, townships: 1, scope: 'township', lastYear: 2024, outDir: join(root, 'town') });
    expect(manifest.station.villageCode).toBeNull();
    expect([manifest.firstYear, manifest.lastYear]).toEqual([2023, 2024]);
    const county = countySchema.parse(JSON.parse(await readFile(join(root, 'town', DEMO_FILES.county), 'utf8')) as unknown);
    expect(county.townships).toHaveLength(1);
    expect(county.villages).toHaveLength(4);
  });

  it('leaves no manifest when writing fails part-way, even over an older complete set', async () => {
    const dir = join(root, 'broken');
    await writeDemoData({ ...OPTIONS, outDir: dir });
    await rm(join(dir, DEMO_FILES.disbursements));
    await mkdir(join(dir, DEMO_FILES.disbursements)); // the CSV cannot be opened as a file now
    await expect(writeDemoData({ ...OPTIONS, outDir: dir })).rejects.toThrow();
    expect(await readdir(dir)).not.toContain(DEMO_FILES.manifest);
  });

  it('rejects bad options before touching the folder', async () => {
    const dir = join(root, 'untouched');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'x');
    await expect(writeDemoData({ ...OPTIONS, households: 0, outDir: dir })).rejects.toThrow(/households/);
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });
});
