import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import type { DemoManifest } from '../../../shared/demo/manifest';
import { ImportError } from '../../../renderer/src/db/import/importError';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { findHouseholdsByInitials, getHouseholdStatement } from '../../../renderer/src/db/queries/households';
import { getBeneficiaryPage, listProgramSummaries } from '../../../renderer/src/db/queries/programs';
import { createNodeFileSource } from './support/nodeFileSource';
import { dumpDb, freshDb } from './support/testDb';

let dir: string;
let manifest: DemoManifest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiosk-demo-'));
  manifest = await writeDemoData({ households: 240, years: 3, seed: 11, townships: 2, outDir: dir });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("importing the generator's output", () => {
  it('loads the station, with summaries, households and ranks that agree with the stored rows', async () => {
    const db = freshDb();
    try {
      const result = await importCountyData(db, createNodeFileSource(dir), { chunkRows: 500 });
      expect(result.fileRows).toBe(manifest.counts.disbursements);
      expect(result.scope).toEqual(manifest.station);
      expect(result.disbursements).toBeGreaterThan(0);
      expect(result.programs).toBe(manifest.counts.programs);

      const stored = await db.disbursements.toArray();
      expect(stored).toHaveLength(result.disbursements);
      expect(stored.every((r) => r.villageCode === manifest.station.villageCode || manifest.station.villageCode === null)).toBe(true);
      expect(new Set(stored.map((r) => r.householdKey)).size).toBe(result.households);

      const summaries = await listProgramSummaries(db);
      for (const s of summaries) {
        const mine = stored.filter((r) => r.programId === s.programId);
        expect(s.rows).toBe(mine.length);
        expect(s.dueFen).toBe(mine.reduce((n, r) => n + r.dueFen, 0));
        expect(s.paidFen).toBe(mine.reduce((n, r) => n + r.paidFen, 0));
        expect(s.failed).toBe(mine.filter((r) => r.status === 'failed').length);
        expect(mine.map((r) => r.rank).sort((a, b) => a - b)).toEqual(mine.map((_, i) => i));
      }
      const busiest = summaries.reduce((a, b) => (b.rows > a.rows ? b : a));
      const page = await getBeneficiaryPage(db, busiest.programId, 10, 20);
      expect(page.map((r) => r.rank)).toEqual(Array.from({ length: Math.min(20, busiest.rows - 10) }, (_, i) => 10 + i));

      const households = await db.households.toArray();
      expect(households.every((h) => /^[A-Z]+$/.test(h.initials))).toBe(true);
      const someone = households[0];
      if (!someone) throw new Error('no households');
      expect((await findHouseholdsByInitials(db, someone.initials)).map((h) => h.key)).toContain(someone.key);
      const statement = await getHouseholdStatement(db, someone.key);
      const theirs = stored.filter((r) => r.householdKey === someone.key);
      expect(statement?.totals.dueFen).toBe(theirs.reduce((n, r) => n + r.dueFen, 0));
      expect(statement?.years.reduce((n, y) => n + y.lines.length, 0)).toBe(theirs.length);
    } finally {
      db.close();
    }
  });

  it('rejects the same files once one of them is cut short, changing nothing', async () => {
    const db = freshDb();
    try {
      await importCountyData(db, createNodeFileSource(dir));
      const before = await dumpDb(db);
      const cut = await mkdtemp(join(tmpdir(), 'kiosk-demo-cut-'));
      try {
        const source = createNodeFileSource(dir);
        for (const file of ['manifest.json', 'county.json', 'programs.json', 'projects.json', 'notices.json', 'service-items.json', 'holidays.json']) {
          await writeFile(join(cut, file), await source.readText(file));
        }
        const csv = await source.readText('disbursements.csv');
        await writeFile(join(cut, 'disbursements.csv'), csv.slice(0, Math.floor(csv.length * 0.6)));
        const error = await importCountyData(db, createNodeFileSource(cut)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as ImportError).file).toBe('disbursements.csv');
        expect((error as ImportError).line).toBeGreaterThan(1);
        expect(await dumpDb(db)).toEqual(before);
      } finally {
        await rm(cut, { recursive: true, force: true });
      }
    } finally {
      db.close();
    }
  });
});
