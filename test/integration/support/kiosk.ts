import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { ServiceItem } from '../../../shared/domain/serviceItem';
import type { EnrollResponse } from '../../../shared/sync/protocol';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { KioskDatabase } from '../../../renderer/src/db/schema';
import { createCase, transitionCase } from '../../../renderer/src/db/repositories/cases';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import { createSyncClient, type SyncClient } from '../../../renderer/src/sync/syncClient';
import type { PushIdentity } from '../../../renderer/src/sync/pushOutbox';
import type { DemoCounty } from './county';

/**
 * A kiosk in the test process: its own fake IndexedDB (one per kiosk, so two kiosks never see each
 * other's data), opened and reopened like the renderer does after being killed, and written to by
 * the real repositories an agent's screens use.
 */
export interface TestKiosk {
  /** The currently open connection; replaced by reopen(). */
  db: KioskDatabase;
  enrolled: EnrollResponse;
  identity: PushIdentity;
  /**
   * Closes the connection (as a killed renderer loses it) and opens the same database again;
   * `prepare` runs on the new connection before its first use (to install a Dexie middleware).
   */
  reopen(prepare?: (db: KioskDatabase) => void): KioskDatabase;
  client(baseUrl: string, options?: { timeoutMs?: number; fetch?: typeof fetch }): SyncClient;
  close(): void;
}

let kiosks = 0;

export const AGENT: AgentPublic = { id: '01900000-0000-7000-8000-0000000000aa', name: '王秀英', role: 'agent', active: true, createdAt: '2026-01-01T00:00:00+08:00' };

/** A kiosk enrolled in the demo village: its device id authors its records; its scope is the village. */
export async function openKiosk(demo: DemoCounty, enrolled: EnrollResponse): Promise<TestKiosk> {
  const name = `faults-kiosk-${process.pid}-${++kiosks}`;
  const indexedDB = new IDBFactory();
  const open = () => new KioskDatabase(name, { indexedDB, IDBKeyRange });
  const kiosk: TestKiosk = {
    db: open(),
    enrolled,
    identity: { deviceId: enrolled.deviceId, epoch: enrolled.epoch },
    reopen(prepare) {
      kiosk.db.close();
      kiosk.db = open();
      prepare?.(kiosk.db);
      return kiosk.db;
    },
    client: (baseUrl, options = {}) => createSyncClient({ baseUrl, token: enrolled.token, timeoutMs: options.timeoutMs ?? 5_000, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    close: () => kiosk.db.close(),
  };
  // What enrollment leaves behind: the device identity, its station number and the village the kiosk serves.
  await kiosk.db.settings.put({ key: 'deviceId', value: enrolled.deviceId });
  await kiosk.db.settings.put({ key: 'stationNo', value: enrolled.stationNo });
  await kiosk.db.meta.put({ key: 'scope', value: { townshipCode: demo.townshipCode, villageCode: demo.villageCode } });
  return kiosk;
}

/**
 * For push-only scenarios: the catalog and county place data a kiosk needs to record a case,
 * written directly (a pull scenario gets them from the county instead).
 */
export async function seedCatalog(kiosk: TestKiosk, demo: DemoCounty): Promise<void> {
  await kiosk.db.serviceItems.bulkPut(demo.serviceItems);
  await kiosk.db.meta.put({ key: 'county', value: demo.county });
}

/** The kiosk's clock for one record: a test may set it years off. */
export type KioskClock = () => Date;

export const realClock: KioskClock = () => new Date();

/**
 * A kiosk clock that moves on by `stepMs` each time it is read: a long stretch of work then spans
 * several days, as it would at a real station (a station issues at most 99 numbers a day).
 */
export function steppingClock(start: Date, stepMs: number): KioskClock {
  let next = start.getTime();
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}

/** Born 1955: a valid applicant whatever year the kiosk's clock says. */
const APPLICANT_ID = completeIdNumber('34122219550505041');

function itemWithMaterials(items: ServiceItem[]): ServiceItem {
  const item = items.find((i) => i.materials.length > 0) ?? items[0];
  if (!item) throw new Error('the kiosk has no service items');
  return item;
}

export interface RecordsMade {
  caseIds: string[];
  feedbackIds: string[];
}

/**
 * Records an agent's day: `cases` new cases (each accepted, every other one also submitted) and
 * `tickets` resident feedback tickets, through the real repositories, so every record, its audit
 * entry and its outbox entry are written as the app writes them.
 */
export async function recordWork(kiosk: TestKiosk, { cases, tickets, clock = realClock }: { cases: number; tickets: number; clock?: KioskClock }): Promise<RecordsMade> {
  const db = kiosk.db;
  const item = itemWithMaterials(await db.serviceItems.toArray());
  const made: RecordsMade = { caseIds: [], feedbackIds: [] };
  for (let i = 0; i < cases; i++) {
    const created = await createCase(db, {
      itemCode: item.code,
      applicant: { name: `张桂兰${i % 10}`, idNumber: APPLICANT_ID, phone: '13912345678', group: 1 },
      materials: item.materials.map((m) => ({ name: m.name, copies: m.copies, original: m.original, received: true })),
      note: `case ${i}`,
    }, AGENT, { now: clock() });
    if (!created.ok) throw new Error(`case not created: ${JSON.stringify(created.errors)}`);
    const accepted = await transitionCase(db, created.record.id, 'accepted', '', AGENT, { now: clock() });
    if (!accepted.ok) throw new Error(`case not accepted: ${accepted.message}`);
    if (i % 2 === 1) {
      const submitted = await transitionCase(db, created.record.id, 'submitted', '', AGENT, { now: clock() });
      if (!submitted.ok) throw new Error(`case not submitted: ${submitted.message}`);
    }
    made.caseIds.push(created.record.id);
  }
  for (let i = 0; i < tickets; i++) {
    const now = clock();
    const ticket = await createFeedback(db, { subject: { kind: 'general' }, category: 'suggestion', text: `希望延长开放时间 ${i}`, callbackPhone: '' }, { now });
    if (!ticket.ok) throw new Error(`ticket not created: ${JSON.stringify(ticket.errors)}`);
    made.feedbackIds.push(ticket.feedback.id);
  }
  return made;
}

export async function pendingCount(kiosk: TestKiosk): Promise<number> {
  return kiosk.db.outbox.where('state').equals('pending').count();
}
