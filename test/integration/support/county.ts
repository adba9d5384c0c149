import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FILES, demoManifestSchema, type DemoManifest } from '../../../shared/demo/manifest';
import { countySchema, type County } from '../../../shared/domain/place';
import { serviceItemSchema, type ServiceItem } from '../../../shared/domain/serviceItem';
import { enrollResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';
import { z } from 'zod';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../../server/src/db/connection';
import type { Database } from '../../../server/src/db/schema';
import { migrateToLatest } from '../../../server/src/db/migrate';
import { revokeDevice } from '../../../server/src/repositories/devices';
import { issueEnrollmentCode } from '../../../server/src/services/enrollment';
import { importDemo } from '../../../server/src/services/importDemo';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../../../server/test/pg';
import { startServer, type RunningServer } from '../../../server/test/http';

/**
 * The county side of the integration tests: one small demo county (a few thousand disbursement
 * rows for the station's village, so a first sync at a small page size takes many pages),
 * imported once per database kind and shared by the scenarios of a file. Scenarios never share a
 * device: each enrolls its own kiosks, so per-device exactness holds whatever ran before.
 */
export interface DemoCounty {
  dir: string;
  manifest: DemoManifest;
  county: County;
  serviceItems: ServiceItem[];
  /** The village every kiosk of the tests is enrolled in. */
  villageCode: string;
  townshipCode: string;
}

/** About 1,700 disbursement rows for the station village, plus the county-wide catalog and calendar. */
const DEMO_OPTIONS = { households: 600, years: 2, seed: 20261127, townships: 1 } as const;

let demo: Promise<DemoCounty> | null = null;

async function writeDemo(): Promise<DemoCounty> {
  const dir = mkdtempSync(join(tmpdir(), 'faults-demo-'));
  await writeDemoData({ outDir: dir, ...DEMO_OPTIONS });
  const manifest = demoManifestSchema.parse(JSON.parse(await readFile(join(dir, DEMO_FILES.manifest), 'utf8')));
  const county = countySchema.parse(JSON.parse(await readFile(join(dir, DEMO_FILES.county), 'utf8')));
  const serviceItems = z.array(serviceItemSchema).parse(JSON.parse(await readFile(join(dir, DEMO_FILES.serviceItems), 'utf8')));
  // The default station is a village (a township-scoped set would have none).
  const villageCode = manifest.station.villageCode;
  if (villageCode === null) throw new Error('the demo set has no station village');
  return { dir, manifest, county, serviceItems, villageCode, townshipCode: manifest.station.townshipCode };
}

/** Written once per test process (deterministic: the same seed gives the same files). */
export function demoCounty(): Promise<DemoCounty> {
  demo ??= writeDemo();
  return demo;
}

export interface CountyDatabase {
  database: TestDatabase;
  demo: DemoCounty;
  /** A handle for arranging and checking rows directly (closed by drop). */
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

/** A fresh database of the kind, migrated, with the demo county imported and published. */
export async function createDemoCountyDatabase(kind: TestDatabaseKind): Promise<CountyDatabase> {
  const demoSet = await demoCounty();
  const database = await createTestDatabase(kind);
  const handle = database.open();
  await migrateToLatest(handle);
  await importDemo(handle.db, demoSet.dir);
  return { database, demo: demoSet, handle, drop: () => database.drop() };
}

/** The real server in this process on 127.0.0.1, its rate limit lifted: fault loops retry fast. */
export function startCountyServer(county: CountyDatabase): Promise<RunningServer> {
  return startServer(county.database, { rateLimitPerMinute: 1_000_000 });
}

/** Enrolls a device in the demo village the way a kiosk does. */
export function enrollDevice(county: CountyDatabase, baseUrl: string, deviceName: string): Promise<EnrollResponse> {
  return enrollDeviceIn(county.handle.db, county.demo.villageCode, baseUrl, deviceName);
}

/** A code issued by county staff (on the database), then POST /devices/enroll over HTTP. */
export async function enrollDeviceIn(db: Kysely<Database>, villageCode: string, baseUrl: string, deviceName: string): Promise<EnrollResponse> {
  const { code } = await issueEnrollmentCode(db, villageCode, 3_600_000);
  const response = await fetch(`${baseUrl}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName }),
  });
  if (!response.ok) throw new Error(`enrollment refused: ${response.status} ${await response.text()}`);
  return enrollResponseSchema.parse(await response.json());
}

/**
 * Revokes a finished scenario's device. A village has nine station numbers (the county refuses a
 * tenth kiosk with VILLAGE_FULL), so a file that enrolls a new kiosk per scenario, more than nine
 * against one county, retires each when its scenario ends.
 */
export async function retireDevice(county: CountyDatabase, deviceId: string): Promise<void> {
  await revokeDevice(county.handle.db, deviceId);
}
