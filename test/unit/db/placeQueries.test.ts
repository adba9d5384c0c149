import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import { getMeta } from '../../../renderer/src/db/queries/meta';
import { listNotices, listProjects } from '../../../renderer/src/db/queries/places';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { countyFiles, TOWNSHIP_A } from './support/countyFixture';
import { freshDb } from './support/testDb';

let db: KioskDatabase;
beforeAll(() => {
  db = freshDb();
});
afterAll(() => db.close());

describe('meta, projects and notices', () => {
  it('has no meta before the first import', async () => {
    expect(await getMeta(db, 'dataAsOf')).toBeUndefined();
    expect(await getMeta(db, 'import')).toBeUndefined();
    expect(await listProjects(db)).toEqual([]);
  });

  it('lists projects newest year first and notices newest publication first', async () => {
    await importCountyData(db, createTextSource(countyFiles()), { scope: { townshipCode: TOWNSHIP_A, villageCode: null } });
    expect((await listProjects(db)).map((p) => p.id)).toEqual(['PRJ-A1-2024', 'PRJ-A1-2023']);
    expect((await listNotices(db)).map((n) => n.id)).toEqual(['N-2024-002', 'N-2024-001']);
    const scope = await getMeta(db, 'scope');
    expect(scope).toEqual({ townshipCode: TOWNSHIP_A, villageCode: null });
  });
});
