import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import type { DatabaseHandle } from '../../src/db/connection';
import {
  createFundUpload, FundUploadNotFoundError, getFundUpload, publishFundUpload, sweepExpiredUploads, type FundUploadDeps,
} from '../../src/services/fundImport/fundUploads';
import { resolveFundUploadDir, saveUpload, UploadTooLargeError } from '../../src/services/fundImport/uploadStore';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { csv, FINANCE_HEADER, financeLine, seedFundCounty } from './fundsSupport';

describe.each(TEST_DATABASE_KINDS)('fund upload store (%s)', (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let dir: string;
  let now: Date;
  let deps: FundUploadDeps;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    handle = database.open();
    await migrateToLatest(handle);
    await seedFundCounty(handle.db);
    dir = mkdtempSync(join(tmpdir(), 'fund-store-'));
    now = new Date('2024-06-20T08:00:00Z');
    deps = { db: handle.db, clock: () => now, uploadDir: dir };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const body = (text: string): Readable => Readable.from([Buffer.from(text)]);

  it('removes an unpublished upload after a day, file and preview', async () => {
    const preview = await createFundUpload(deps, body(csv(FINANCE_HEADER, financeLine(1))), { fileName: 'a.csv' }, null);
    expect(preview.expiresAt).toBe('2024-06-21T08:00:00.000Z');
    expect(readdirSync(dir)).toHaveLength(1);
    now = new Date('2024-06-21T08:00:01Z');
    await expect(getFundUpload(deps, preview.uploadId)).rejects.toThrow(FundUploadNotFoundError);
    expect(await sweepExpiredUploads(deps)).toBe(1);
    expect(readdirSync(dir)).toHaveLength(0);
    await expect(publishFundUpload(deps, preview.uploadId)).rejects.toThrow(FundUploadNotFoundError);
  });

  it('removes a day-old file that never got a preview, and nothing else', async () => {
    writeFileSync(join(dir, `${'b'.repeat(24)}.upload`), 'half an upload');
    writeFileSync(join(dir, 'README.txt'), 'not ours');
    const old = new Date('2024-06-18T00:00:00Z');
    utimesSync(join(dir, `${'b'.repeat(24)}.upload`), old, old);
    utimesSync(join(dir, 'README.txt'), old, old);
    const fresh = await createFundUpload(deps, body(csv(FINANCE_HEADER, financeLine(1))), { fileName: 'a.csv' }, null);
    expect(readdirSync(dir).sort()).toEqual(['README.txt', `${fresh.uploadId}.upload`].sort());
  });

  it('refuses a body over the size limit and leaves no file', async () => {
    await expect(saveUpload(dir, 'a'.repeat(24), Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toThrow(UploadTooLargeError);
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it('keeps uploads beside the SQLite file unless configured', () => {
    expect(resolveFundUploadDir({ kind: 'sqlite', file: '/srv/county/county.sqlite' })).toBe('/srv/county/fund-uploads');
    expect(resolveFundUploadDir({ kind: 'sqlite', file: '/srv/county/county.sqlite' }, '/mnt/shared')).toBe('/mnt/shared');
    expect(existsSync(dir)).toBe(true);
  });
});
