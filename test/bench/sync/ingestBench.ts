import { openDatabase } from '../../../server/src/db/connection';
import { pushResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';
import { percentiles, type LatencySummary } from '../percentiles';
import type { BenchDatabase } from './benchDatabase';
import { caseEventEntries } from './caseEvents';
import { startCountyChild } from './countyChild';
import { addDemoVillages } from './countyVillages';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/src/db/schema';
import { issueEnrollmentCode } from '../../../server/src/services/enrollment';
import { CODE_TTL_MS, redeemEnrollmentCode } from './enroll';

export interface IngestOptions {
  devices: number;
  eventsPerDevice: number;
  /** Entries per push request: a kiosk back online after a day's work sends a few such batches. */
  entriesPerRequest: number;
}

export interface IngestResult extends IngestOptions {
  database: 'sqlite' | 'postgres';
  eventsSent: number;
  
  countyRows: number;
  seconds: number;
  eventsPerSecond: number;
  requests: number;
  /** Requests answered with something other than a full acknowledgement, then sent again. */
  retries: number;
  latencyMs: LatencySummary;
}

/** A failed push is retried after this pause, as the kiosk's backoff would (shorter: the bench wants the total). */
const RETRY_PAUSE_MS = 100;
const MAX_ATTEMPTS = 20;
const ENROLL_CONCURRENCY = 10;
/** One extra device pushes this much before the clock starts, so JIT warm-up is not read as latency. */
const WARM_UP_EVENTS = 200;

interface SimulatedDevice {
  enrolled: EnrollResponse;
  /** Request bodies, serialised before the clock starts so the load generator stays cheap. */
  bodies: Array<{ body: string; lastSeq: number }>;
}

/**
 * Codes are all issued first, then redeemed over HTTP: the bench writes to the county's database from
 * this process only before the server starts taking enrolments, never at the same time.
 */
async function enrollAll(db: Kysely<Database>, url: string, villageCodes: readonly string[], options: IngestOptions): Promise<SimulatedDevice[]> {
  const codes: Array<{ village: string; code: string }> = [];
  for (let i = 0; i < options.devices; i++) {
    const village = villageCodes[i % villageCodes.length] as string;
    codes.push({ village, code: (await issueEnrollmentCode(db, village, CODE_TTL_MS)).code });
  }
  const devices: SimulatedDevice[] = [];
  for (let start = 0; start < codes.length; start += ENROLL_CONCURRENCY) {
    const batch = await Promise.all(codes.slice(start, start + ENROLL_CONCURRENCY).map(async ({ village, code }, k) => {
      const enrolled = await redeemEnrollmentCode(url, code, `kiosk-${start + k}`);
      const entries = caseEventEntries(enrolled.deviceId, village, options.eventsPerDevice);
      const bodies: SimulatedDevice['bodies'] = [];
      for (let e = 0; e < entries.length; e += options.entriesPerRequest) {
        const slice = entries.slice(e, e + options.entriesPerRequest);
        bodies.push({ body: JSON.stringify({ deviceId: enrolled.deviceId, epoch: enrolled.epoch, entries: slice }), lastSeq: slice[slice.length - 1]?.seq ?? 0 });
      }
      return { enrolled, bodies };
    }));
    devices.push(...batch);
  }
  return devices;
}

/**
 * Every device pushes its batches one after another (a kiosk waits for each acknowledgement), all
 * devices at once; each request's latency is kept. The county's row count must equal what was sent.
 */
export async function runIngestBench(database: BenchDatabase, options: IngestOptions, log: (line: string) => void): Promise<IngestResult> {
  const county = await startCountyChild(database.target);
  const handle = openDatabase(database.target);
  try {
    // One more device warms the server up before the clock starts.
    const villages = await addDemoVillages(handle.db, options.devices + 1);
    log(`enrolling ${options.devices} devices in ${villages.length} villages (${database.target.kind})…`);
    const villageCodes = villages.map((v) => v.code);
    // The last village: the round-robin below fills the first ones fullest, and a village holds only so many kiosks.
    const [warmUp] = await enrollAll(handle.db, county.url, [...villageCodes].reverse(), { devices: 1, eventsPerDevice: WARM_UP_EVENTS, entriesPerRequest: options.entriesPerRequest });
    const devices = await enrollAll(handle.db, county.url, villageCodes, options);
    const pushUrl = `${county.url}/api/v1/sync/push`;
    const latencies: number[] = [];
    let retries = 0;

    const pushOne = async (device: SimulatedDevice, body: string, lastSeq: number): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        const began = performance.now();
        let acked = false;
        try {
          const response = await fetch(pushUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${device.enrolled.token}` }, body });
          const answer: unknown = await response.json();
          latencies.push(performance.now() - began);
          const parsed = response.ok ? pushResponseSchema.safeParse(answer) : null;
          acked = parsed?.success === true && parsed.data.ackedThrough >= lastSeq && parsed.data.rejected.length === 0;
          if (parsed?.success === true && parsed.data.rejected.length > 0) throw new Error(`the county rejected entries: ${JSON.stringify(parsed.data.rejected[0])}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('the county rejected')) throw error;
        }
        if (acked) return;
        if (attempt === MAX_ATTEMPTS) throw new Error(`a push was not acknowledged after ${MAX_ATTEMPTS} attempts`);
        retries++;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    };

    for (const { body, lastSeq } of warmUp?.bodies ?? []) await pushOne(warmUp as SimulatedDevice, body, lastSeq);
    latencies.length = 0;
    retries = 0;
    log(`${options.devices} devices pushing ${options.eventsPerDevice} events each, ${options.entriesPerRequest} per request…`);
    const began = performance.now();
    await Promise.all(devices.map(async (device) => {
      for (const { body, lastSeq } of device.bodies) await pushOne(device, body, lastSeq);
    }));
    const seconds = (performance.now() - began) / 1000;
    const eventsSent = options.devices * options.eventsPerDevice;
    // The simulated devices' rows only: the warm-up device's were acknowledged before the clock started.
    const warmUpId = warmUp?.enrolled.deviceId ?? '';
    const counted = await handle.db.selectFrom('case_events').where('device_id', '!=', warmUpId).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const countyRows = Number(counted.n);
    return {
      database: database.target.kind, ...options, eventsSent, countyRows, seconds, eventsPerSecond: eventsSent / seconds,
      requests: latencies.length, retries, latencyMs: percentiles(latencies),
    };
  } finally {
    await handle.close();
    await county.close();
  }
}
