import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { ImportError } from '../../../renderer/src/db/import/importError';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { needsImport } from '../../../renderer/src/db/import/needsImport';
import { createTextSource, type CountyDataSource } from '../../../renderer/src/db/import/source';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { countyFiles, rows, VILLAGE_A1 } from './support/countyFixture';
import { freshDb, freshDbOpener } from './support/testDb';

/** Makes the disk "fill up" once `allowedRows` disbursement rows have been written, the way IndexedDB reports it. */
function fillDiskAfter(db: KioskDatabase, allowedRows: number, error: () => Error): { failed: () => boolean } {
  let written = 0;
  let failed = false;
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            if (name === 'disbursements' && req.type === 'add') {
              written += req.values.length;
              if (written > allowedRows) {
                failed = true;
                return Promise.reject(error());
              }
            }
            return table.mutate(req);
          },
        };
      },
    }),
  });
  return { failed: () => failed };
}

let db: KioskDatabase;
afterEach(() => db?.close());

describe('importCountyData when writing fails', () => {
  it('maps QuotaExceededError to its own code and leaves the import marked in progress', async () => {
    db = freshDb();
    const disk = fillDiskAfter(db, 4, () => new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const error = await importCountyData(db, createTextSource(countyFiles()), { chunkRows: 3 }).catch((e: unknown) => e);
    expect(disk.failed()).toBe(true);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('QUOTA_EXCEEDED');
    expect((error as ImportError).file).toBe('disbursements.csv');
    expect((error as ImportError).message).toMatch(/disk is full/);
    expect(await getMeta(db, 'import')).toMatchObject({ state: 'inProgress', finishedAt: null });
    expect(await getMeta(db, 'dataAsOf')).toBeUndefined();
    expect(await needsImport(db)).toBe(true);
  });

  it('calls any other write failure WRITE_FAILED', async () => {
    db = freshDb();
    fillDiskAfter(db, 0, () => new Error('the disk went away'));
    const error = await importCountyData(db, createTextSource(countyFiles())).catch((e: unknown) => e);
    expect((error as ImportError).code).toBe('WRITE_FAILED');
    expect((error as ImportError).reason).toMatch(/the disk went away/);
    expect(await needsImport(db)).toBe(true);
  });

  it('a retry after the failure completes the import with every row once', async () => {
    const open = freshDbOpener();
    db = open();
    fillDiskAfter(db, 4, () => new DOMException('full', 'QuotaExceededError'));
    await expect(importCountyData(db, createTextSource(countyFiles()), { chunkRows: 3 })).rejects.toThrow(ImportError);
    db.close();
    // The same database opened again without the failing disk, as after the agent frees space.
    const reopened = open();
    try {
      expect(await needsImport(reopened)).toBe(true);
      const result = await importCountyData(reopened, createTextSource(countyFiles()));
      expect(result.disbursements).toBe(rows.filter((r) => r.villageCode === VILLAGE_A1).length);
      expect(await reopened.disbursements.count()).toBe(result.disbursements);
      expect(await needsImport(reopened)).toBe(false);
    } finally {
      reopened.close();
    }
  });

  it('stops, marked in progress, when the CSV changes between checking and writing', async () => {
    db = freshDb();
    const checked = createTextSource(countyFiles());
    const lines = (countyFiles()['disbursements.csv'] ?? '').split('\r\n');
    const shorter = createTextSource({ ...countyFiles(), 'disbursements.csv': [...lines.slice(0, -2), ''].join('\r\n') });
    let streams = 0;
    const changing: CountyDataSource = {
      readText: (file) => checked.readText(file),
      streamText: (file) => (file === 'disbursements.csv' && streams++ > 0 ? shorter : checked).streamText(file),
    };
    const error = await importCountyData(db, changing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(`disbursements.csv: changed while importing: ${rows.length - 1} rows now, ${rows.length} when checked`);
    expect(await needsImport(db)).toBe(true);
  });
});
