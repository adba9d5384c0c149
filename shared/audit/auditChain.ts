import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { AUDIT_GENESIS_HASH, auditEntrySchema, type AuditEntry } from '../domain/audit';

/**
 * The audit trail's hash chain. Each entry's hash covers every other field of the entry, its
 * prevHash included, so an entry vouches for the whole history before it.
 *
 * What the chain detects on its own: an edited field (the hash no longer matches), a removed entry
 * in the middle or at the start (a seq gap), entries in the wrong order, a first entry that does not
 * start from the genesis hash. What it cannot detect on its own: the newest entries cut off the end
 * (what is left is a valid, shorter chain) and a complete rewrite from some entry onwards with every
 * hash recomputed (there is no secret key). Both need an anchor kept elsewhere — the head seq and
 * hash on a printout or at the county — passed as `expectedHead`.
 */

export type AuditEntryWithoutHash = Omit<AuditEntry, 'hash'>;

export type AuditChainBreak = 'edited' | 'removed' | 'reordered' | 'bad-genesis';
export type AuditChainVerdict = { ok: true; count: number } | { ok: false; brokenAtSeq: number; reason: AuditChainBreak };

export interface AuditChainHead {
  seq: number;
  hash: string;
}

/** JSON with object keys sorted at every depth, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${fields.join(',')}}`;
}

/** SHA-256 (hex) of the canonical JSON of an entry without its own hash. */
export function auditHash(entry: AuditEntryWithoutHash): string {
  const { seq, at, actorId, actorName, action, subject, details, prevHash } = entry;
  // Fields picked by name: a stray `hash` (or anything else) on the object must not change the result.
  return bytesToHex(sha256(utf8ToBytes(canonicalJson({ seq, at, actorId, actorName, action, subject, details, prevHash }))));
}

/**
 * Checks entries given in storage order (by seq). seq must run 1..n without gaps, each hash must
 * match its entry and each prevHash the hash before it. Reports the first break.
 */
export function verifyAuditChain(entries: readonly unknown[], expectedHead?: AuditChainHead): AuditChainVerdict {
  const seqs = new Set<number>();
  for (const raw of entries) {
    const seq = (raw as { seq?: unknown } | null)?.seq;
    if (typeof seq === 'number') seqs.add(seq);
  }

  let previousHash = AUDIT_GENESIS_HASH;
  for (let index = 0; index < entries.length; index++) {
    const expectedSeq = index + 1;
    const parsed = auditEntrySchema.safeParse(entries[index]);
    if (!parsed.success) return { ok: false, brokenAtSeq: expectedSeq, reason: 'edited' };
    const entry = parsed.data;

    if (entry.seq !== expectedSeq) {
      // The expected entry sits elsewhere (or numbers run backwards): out of order. Nowhere: gone.
      const misplaced = entry.seq < expectedSeq || seqs.has(expectedSeq);
      return { ok: false, brokenAtSeq: expectedSeq, reason: misplaced ? 'reordered' : 'removed' };
    }
    if (auditHash(entry) !== entry.hash) return { ok: false, brokenAtSeq: entry.seq, reason: 'edited' };
    if (entry.prevHash !== previousHash) {
      // A self-consistent entry that does not follow its predecessor: something before it was
      // taken out (and the rest renumbered) or replaced.
      return { ok: false, brokenAtSeq: entry.seq, reason: index === 0 ? 'bad-genesis' : 'removed' };
    }
    previousHash = entry.hash;
  }

  if (expectedHead) {
    const at = entries.length >= expectedHead.seq ? (entries[expectedHead.seq - 1] as AuditEntry | undefined) : undefined;
    if (!at) return { ok: false, brokenAtSeq: entries.length + 1, reason: 'removed' };
    if (at.hash !== expectedHead.hash) return { ok: false, brokenAtSeq: expectedHead.seq, reason: 'edited' };
  }
  return { ok: true, count: entries.length };
}

/** The next entry after `last` (null for the first), with seq, prevHash and hash filled in. */
export function chainNextEntry(
  last: Pick<AuditEntry, 'seq' | 'hash'> | null,
  fields: Omit<AuditEntryWithoutHash, 'seq' | 'prevHash'>,
): AuditEntry {
  const withoutHash: AuditEntryWithoutHash = {
    ...fields,
    seq: last ? last.seq + 1 : 1,
    prevHash: last ? last.hash : AUDIT_GENESIS_HASH,
  };
  return { ...withoutHash, hash: auditHash(withoutHash) };
}
