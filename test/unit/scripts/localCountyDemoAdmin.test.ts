import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStationVillage } from '../../../scripts/lib/kioskProvisioning';
import { DEMO_COUNTY_ADMIN, startLocalCounty, type LocalCounty } from '../../../scripts/lib/localCounty';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import { DASHBOARD_API_PREFIX } from '../../../shared/dashboard/staff';
import { signIn } from '../../../server/test/dashboard/staffFixtures';

/** The README promises `npm start`'s county a dashboard account; this is the same call start.ts makes. */
let root: string;
let demoDir: string;
let villageCode: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'local-county-admin-'));
  demoDir = join(root, 'demo');
  await writeDemoData({ households: 40, years: 2, seed: 5, outDir: demoDir });
  villageCode = await readStationVillage(demoDir);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function withCounty<T>(demoAdmin: boolean, run: (county: LocalCounty) => Promise<T>): Promise<T> {
  const county = await startLocalCounty({ dataDir: join(root, 'county'), demoDir, villageCode, port: 0, demoAdmin, log: () => undefined });
  try {
    return await run(county);
  } finally {
    await county.close();
  }
}

describe('the local county of npm start', () => {
  it('has the README\'s demo admin account, and signing in with it reaches the dashboard API', async () => {
    await withCounty(true, async (county) => {
      const signedIn = await signIn(county.url, DEMO_COUNTY_ADMIN.name, DEMO_COUNTY_ADMIN.password);
      expect(signedIn.session.user).toMatchObject({ name: DEMO_COUNTY_ADMIN.name, role: 'admin' });
      const overview = await fetch(`${county.url}${DASHBOARD_API_PREFIX}/overview`, { headers: { cookie: signedIn.cookie } });
      expect(overview.status).toBe(200);
    });
  }, 120_000);

  it('adds the account once: a second start keeps the existing one', async () => {
    await withCounty(true, async (county) => {
      await expect(signIn(county.url, DEMO_COUNTY_ADMIN.name, DEMO_COUNTY_ADMIN.password)).resolves.toBeDefined();
    });
  }, 120_000);
});
