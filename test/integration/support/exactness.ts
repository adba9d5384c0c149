import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { canonicalJson } from '../../../shared/audit/auditChain';
import type { Database } from '../../../server/src/db/schema';
import type { KioskDatabase } from '../../../renderer/src/db/schema';

/**
 * "The county's records equal the kiosk's exactly": both sides reduced to the same shape — per
 * kind, a map from record id to its canonical JSON — then compared by count and by a SHA-256 over
 * the sorted entries. On a mismatch the first differing ids are shown, not just two hashes.
 */
export type RecordSet = Map<string, string>;

export interface Digest {
  count: number;
  sha256: string;
}

export function digest(records: RecordSet): Digest {
  const hash = createHash('sha256');
  for (const id of [...records.keys()].sort()) hash.update(`${id}\t${records.get(id) ?? ''}\n`);
  return { count: records.size, sha256: hash.digest('hex') };
}

/** A readable account of how two sets differ (at most a few ids each way). */
export function describeDifference(county: RecordSet, kiosk: RecordSet): string {
  const onlyCounty = [...county.keys()].filter((id) => !kiosk.has(id));
  const onlyKiosk = [...kiosk.keys()].filter((id) => !county.has(id));
  const differing = [...county.keys()].filter((id) => kiosk.has(id) && kiosk.get(id) !== county.get(id));
  const sample = (ids: string[]) => ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` … (${ids.length})` : '');
  return `only at the county: ${sample(onlyCounty) || 'none'}; only at the kiosk: ${sample(onlyKiosk) || 'none'}; different content: ${sample(differing) || 'none'}` +
    (differing[0] ? `\ncounty: ${county.get(differing[0])}\nkiosk:  ${kiosk.get(differing[0])}` : '');
}

export function expectSameRecords(what: string, county: RecordSet, kiosk: RecordSet): void {
  const countyDigest = digest(county);
  const kioskDigest = digest(kiosk);
  if (countyDigest.sha256 !== kioskDigest.sha256) {
    expect.fail(`${what}: county ${countyDigest.count} rows ≠ kiosk ${kioskDigest.count} rows\n${describeDifference(county, kiosk)}`);
  }
  expect(countyDigest).toEqual(kioskDigest);
}

// ---- Push: what the device wrote, and what the county holds from it -------------------------------

export interface PushedRecords {
  caseEvents: RecordSet;
  feedback: RecordSet;
  audit: RecordSet;
}

export async function countyRecordsOf(db: Kysely<Database>, deviceId: string): Promise<PushedRecords> {
  const events = await db.selectFrom('case_events').select(['id', 'body']).where('device_id', '=', deviceId).execute();
  const tickets = await db.selectFrom('feedback').select(['id', 'body']).where('device_id', '=', deviceId).execute();
  const audit = await db.selectFrom('audit_entries').select(['seq', 'body']).where('device_id', '=', deviceId).execute();
  return {
    caseEvents: new Map(events.map((r) => [r.id, r.body])),
    feedback: new Map(tickets.map((r) => [r.id, r.body])),
    audit: new Map(audit.map((r) => [String(r.seq), r.body])),
  };
}

/** The kiosk's own records (not the outbox copies): what the agent sees is what the county must hold. */
export async function kioskRecordsOf(kiosk: KioskDatabase, deviceId: string): Promise<PushedRecords> {
  const events = (await kiosk.caseEvents.toArray()).filter((e) => e.author.kind === 'device' && e.author.id === deviceId);
  // A county answer changes the ticket's state and answer on the kiosk: compare the ticket as filed.
  const tickets = await kiosk.feedback.toArray();
  const audit = await kiosk.auditLog.toArray();
  return {
    caseEvents: new Map(events.map((e) => [e.id, canonicalJson(e)])),
    feedback: new Map(tickets.map((f) => [f.id, canonicalJson({ ...f, state: 'open', answer: null })])),
    audit: new Map(audit.map((a) => [String(a.seq), canonicalJson(a)])),
  };
}

/**
 * Every record the kiosk wrote is at the county exactly once with the same content, nothing else
 * from this device is there, the outbox is fully acknowledged without rejections, and the
 * county's cursor for the device stands at the kiosk's last seq.
 */
export async function expectPushedExactly(countyDb: Kysely<Database>, kiosk: KioskDatabase, deviceId: string): Promise<PushedRecords> {
  const county = await countyRecordsOf(countyDb, deviceId);
  const local = await kioskRecordsOf(kiosk, deviceId);
  expectSameRecords('case events', county.caseEvents, local.caseEvents);
  expectSameRecords('feedback', county.feedback, local.feedback);
  expectSameRecords('audit entries', county.audit, local.audit);

  const outbox = await kiosk.outbox.orderBy('seq').toArray();
  expect(outbox.filter((e) => e.state !== 'acked').map((e) => ({ seq: e.seq, state: e.state, rejection: e.rejection }))).toEqual([]);
  expect(outbox.length).toBe(local.caseEvents.size + local.feedback.size + local.audit.size);
  const state = await countyDb.selectFrom('device_push_state').select(['last_seq', 'audit_chain_broken_at']).where('device_id', '=', deviceId).executeTakeFirst();
  expect({ lastSeq: Number(state?.last_seq ?? 0), chainBroken: state?.audit_chain_broken_at ?? null }).toEqual({ lastSeq: outbox.at(-1)?.seq ?? 0, chainBroken: null });
  const rejections = await countyDb.selectFrom('push_rejections').select('seq').where('device_id', '=', deviceId).execute();
  expect(rejections).toEqual([]);
  return county;
}
