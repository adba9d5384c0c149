import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../../renderer/src/db/import/importError';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { countyFiles, manifest, programs, rows, TOWNSHIP_B, VILLAGE_A1 } from './support/countyFixture';
import { dumpDb, freshDb } from './support/testDb';

type Files = Record<string, string>;
const CSV = 'disbursements.csv';

function csvLines(files: Files): string[] {
  return (files[CSV] ?? '').split('\r\n');
}

function withCsvLines(files: Files, lines: string[]): Files {
  return { ...files, [CSV]: lines.join('\r\n') };
}

function withManifest(files: Files, change: (m: typeof manifest) => unknown): Files {
  return { ...files, 'manifest.json': JSON.stringify(change(structuredClone(manifest))) };
}

async function importError(db: KioskDatabase, files: Files, options: Parameters<typeof importCountyData>[2] = {}): Promise<ImportError> {
  const error = await importCountyData(db, createTextSource(files, { chunkChars: 200 }), options).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(error)}`);
  return error;
}

const badInputs: Array<{ name: string; files: () => Files; expected: { code: string; file: string; line?: number; reason: RegExp } }> = [
  {
    name: 'a JSON file that does not parse',
    files: () => ({ ...countyFiles(), 'programs.json': (countyFiles()['programs.json'] ?? '').slice(0, -20) }),
    expected: { code: 'INVALID_DATA', file: 'programs.json', reason: /not valid JSON/ },
  },
  {
    name: 'a program that breaks its schema',
    files: () => ({ ...countyFiles(), 'programs.json': JSON.stringify(programs.map((p, i) => (i === 1 ? { ...p, budgetFen: p.budgetFen + 1 } : p))) }),
    expected: { code: 'INVALID_DATA', file: 'programs.json', reason: /^item 1 budgetFen: funding sources must add up/ },
  },
  {
    name: 'a manifest of another format',
    files: () => withManifest(countyFiles(), (m) => ({ ...m, format: 2 })),
    expected: { code: 'INVALID_DATA', file: 'manifest.json', reason: /^format:/ },
  },
  {
    name: 'a JSON file with fewer items than the manifest says',
    files: () => withManifest(countyFiles(), (m) => ({ ...m, counts: { ...m.counts, holidays: 3 } })),
    expected: { code: 'INVALID_DATA', file: 'holidays.json', reason: /holds 2 holidays, manifest.json says 3/ },
  },
  {
    name: 'two notices with one id',
    files: () => {
      const files = countyFiles();
      const list = JSON.parse(files['notices.json'] ?? '[]') as Array<{ id: string }>;
      list[2] = { ...list[2], id: list[0]?.id ?? '' } as { id: string };
      return { ...files, 'notices.json': JSON.stringify(list) };
    },
    expected: { code: 'INVALID_DATA', file: 'notices.json', reason: /item 2: id "N-2024-001" repeats item 0/ },
  },
  {
    name: 'a CSV whose last line is cut short',
    files: () => {
      const files = countyFiles();
      return { ...files, [CSV]: (files[CSV] ?? '').slice(0, -4) };
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: rows.length + 1, reason: /^监督电话 "123" differs from program NJGZ-2024 \("12345"\)$/ },
  },
  {
    name: 'a CSV cut in the middle of a line',
    files: () => {
      const files = countyFiles();
      return { ...files, [CSV]: (files[CSV] ?? '').slice(0, -60) };
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: rows.length + 1, reason: /columns/ },
  },
  {
    name: 'a CSV missing its last rows',
    files: () => {
      const lines = csvLines(countyFiles());
      return withCsvLines(countyFiles(), [...lines.slice(0, -3), '']);
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: rows.length, reason: new RegExp(`ends after ${rows.length - 2} rows but manifest.json announces ${rows.length}`) },
  },
  {
    name: 'a CSV with more rows than announced',
    files: () => withManifest(countyFiles(), (m) => ({ ...m, counts: { ...m.counts, disbursements: rows.length - 1 } })),
    expected: { code: 'INVALID_DATA', file: CSV, line: rows.length + 1, reason: /more rows than the/ },
  },
  {
    name: 'a CSV with a wrong header',
    files: () => {
      const lines = csvLines(countyFiles());
      lines[0] = (lines[0] ?? '').replace('户号', '户编号');
      return withCsvLines(countyFiles(), lines);
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: 1, reason: /header does not match/ },
  },
  {
    name: 'an empty CSV',
    files: () => ({ ...countyFiles(), [CSV]: '' }),
    expected: { code: 'INVALID_DATA', file: CSV, line: 1, reason: /empty/ },
  },
  {
    name: 'a bad status in the middle of the CSV',
    files: () => {
      const lines = csvLines(countyFiles());
      lines[9] = (lines[9] ?? '').replace(/,(已发放|待发放|发放失败|已退回),/, ',x,');
      return withCsvLines(countyFiles(), lines);
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: 10, reason: /^status "x" is not one of 已发放\/待发放\/发放失败\/已退回$/ },
  },
  {
    name: 'an unclosed quote in the CSV',
    files: () => {
      const lines = csvLines(countyFiles());
      const line = lines[2] ?? '';
      lines[2] = line.replace(',东风村,', ',"东风村,');
      if (lines[2] === line) throw new Error('fixture: line 3 is not in 东风村');
      return withCsvLines(countyFiles(), lines);
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: 3, reason: /^the file ends inside a quoted field$/ },
  },
  {
    name: 'a row published twice',
    files: () => {
      const lines = csvLines(countyFiles());
      lines.splice(8, 0, lines[4] ?? '');
      return withManifest(withCsvLines(countyFiles(), lines), (m) => ({ ...m, counts: { ...m.counts, disbursements: rows.length + 1 } }));
    },
    expected: { code: 'INVALID_DATA', file: CSV, line: 9, reason: /^duplicate row/ },
  },
  {
    name: 'a missing JSON file',
    files: () => {
      const { ['holidays.json']: _gone, ...rest } = countyFiles();
      return rest;
    },
    expected: { code: 'MISSING_FILE', file: 'holidays.json', reason: /missing/ },
  },
  {
    name: 'a missing CSV',
    files: () => {
      const { [CSV]: _gone, ...rest } = countyFiles();
      return rest;
    },
    expected: { code: 'MISSING_FILE', file: CSV, reason: /missing/ },
  },
  {
    name: 'a missing manifest',
    files: () => {
      const { ['manifest.json']: _gone, ...rest } = countyFiles();
      return rest;
    },
    expected: { code: 'MISSING_FILE', file: 'manifest.json', reason: /missing/ },
  },
];

describe('importCountyData rejects bad input and changes nothing', () => {
  let db: KioskDatabase;
  beforeEach(() => {
    db = freshDb();
  });
  afterEach(() => db.close());

  for (const bad of badInputs) {
    it(`${bad.name}: names the problem and leaves the previous import intact`, async () => {
      await importCountyData(db, createTextSource(countyFiles()));
      const before = await dumpDb(db);
      expect(before['disbursements']?.length).toBeGreaterThan(0);

      const error = await importError(db, bad.files());
      expect(error.code).toBe(bad.expected.code);
      expect(error.file).toBe(bad.expected.file);
      expect(error.line).toBe(bad.expected.line);
      expect(error.reason).toMatch(bad.expected.reason);
      expect(error.message).toBe(bad.expected.line === undefined ? `${error.file}: ${error.reason}` : `${error.file} line ${bad.expected.line}: ${error.reason}`);
      expect(await dumpDb(db)).toEqual(before);
    });
  }

  it('leaves an empty database empty', async () => {
    const before = await dumpDb(db);
    await importError(db, badInputs.find((b) => b.name.startsWith('a bad status'))?.files() ?? {});
    expect(await dumpDb(db)).toEqual(before);
    expect(Object.values(before).every((t) => t.length === 0)).toBe(true);
  });

  it('rejects a scope that is not in the county', async () => {
    const before = await dumpDb(db);
    const error = await importError(db, countyFiles(), { scope: { townshipCode: TOWNSHIP_B, villageCode: VILLAGE_A1 } });
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toBe(`county.json: scope village ${VILLAGE_A1} is not in township ${TOWNSHIP_B}`);
    expect(await dumpDb(db)).toEqual(before);
  });
});
