import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_AGENTS_FILE } from '../../shared/agents/demoAgentsFile';
import { DEMO_FILES, demoManifestSchema } from '../../shared/demo/manifest';
import { PROVISIONING_FILE, provisioningSchema, type Provisioning } from '../../shared/sync/provisioning';

/** The village a demo set's station kiosk serves (its manifest's station). */
export async function readStationVillage(demoDir: string): Promise<string> {
  const manifest = demoManifestSchema.parse(JSON.parse(await readFile(join(demoDir, DEMO_FILES.manifest), 'utf8')));
  if (manifest.station.villageCode === null) throw new Error(`${demoDir}: the demo station is a township, not a village; a kiosk enrols for one village`);
  return manifest.station.villageCode;
}

/**
 * The folder served beside the kiosk by `npm start`: the demo agents (so the demo PINs work) and a
 * provisioning file, but none of the county's files — those reach the kiosk by sync.
 */
export async function writeKioskProvisioning(demoDir: string, kioskDir: string, provisioning: Provisioning): Promise<void> {
  await rm(kioskDir, { recursive: true, force: true });
  await mkdir(kioskDir, { recursive: true });
  await copyFile(join(demoDir, DEMO_AGENTS_FILE), join(kioskDir, DEMO_AGENTS_FILE));
  await writeFile(join(kioskDir, PROVISIONING_FILE), `${JSON.stringify(provisioningSchema.parse(provisioning), null, 2)}\n`);
}
