import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, chainNextEntry, verifyAuditChain } from '../../../shared/audit/auditChain';
import { AUDIT_GENESIS_HASH, type AuditEntry } from '../../../shared/domain/audit';

function buildChain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < length; i++) {
    entries.push(
      chainNextEntry(entries.at(-1) ?? null, {
        at: new Date(Date.UTC(2026, 10, 27, 8, i)).toISOString(),
        actorId: null,
        actorName: i % 2 === 0 ? '李建国' : '王秀英',
        action: i === 0 ? 'setup' : 'login',
        subject: `agent-${i}`,
        details: { attempt: i, note: 'x' },
      }),
    );
  }
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, e: undefined })).toBe(
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });
});

describe('auditHash', () => {
  it('does not depend on key order and ignores a hash on the object', () => {
    const [entry] = buildChain(1);
    const { hash, ...rest } = entry!;
    const shuffled = Object.fromEntries(Object.entries(rest).reverse()) as typeof rest;
    expect(auditHash(shuffled)).toBe(hash);
    expect(auditHash({ ...rest, hash: 'f'.repeat(64) } as AuditEntry)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyAuditChain(buildChain(6))).toEqual({ ok: true, count: 6 });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0 });
    expect(buildChain(1)[0]!.prevHash).toBe(AUDIT_GENESIS_HASH);
  });

  it.each([
    ['subject', (e: AuditEntry) => ({ ...e, subject: 'someone-else' })],
    ['actorName', (e: AuditEntry) => ({ ...e, actorName: '张三' })],
    ['at', (e: AuditEntry) => ({ ...e, at: '2020-01-01T00:00:00.000Z' })],
    ['details', (e: AuditEntry) => ({ ...e, details: { ...e.details, attempt: 99 } })],
    ['action', (e: AuditEntry) => ({ ...e, action: 'logout' as const })],
  ])('detects an edited %s', (_field, edit) => {
    const entries = buildChain(6);
    entries[3] = edit(entries[3]!);
    expect(verifyAuditChain(entries)).toEqual({ ok: false, brokenAtSeq: 4, reason: 'edited' });
  });

  it('detects an edit whose own hash was recomputed, at the entry after it', () => {
    const entries = buildChain(6);
    const { hash: _old, ...rest } = { ...entries[2]!, subject: 'forged' };
    entries[2] = { ...rest, hash: auditHash(rest) };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, brokenAtSeq: 4, reason: 'removed' });
  });

  it('detects a removed middle entry and a removed first entry', () => {
    const middle = buildChain(6);
    middle.splice(2, 1);
    expect(verifyAuditChain(middle)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'removed' });
    expect(verifyAuditChain(buildChain(4).slice(1))).toEqual({ ok: false, brokenAtSeq: 1, reason: 'removed' });
  });

  it('detects a removed entry when the later ones were renumbered', () => {
    const entries = buildChain(6);
    entries.splice(2, 1);
    const renumbered = entries.map((entry, index) => {
      const { hash: _h, ...rest } = { ...entry, seq: index + 1 };
      return { ...rest, hash: auditHash(rest) };
    });
    expect(verifyAuditChain(renumbered)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'removed' });
  });

  it('cannot see the newest entries cut off without an anchor, and can with one', () => {
    const full = buildChain(6);
    const truncated = full.slice(0, 4);
    expect(verifyAuditChain(truncated)).toEqual({ ok: true, count: 4 });
    const head = { seq: 6, hash: full[5]!.hash };
    expect(verifyAuditChain(truncated, head)).toEqual({ ok: false, brokenAtSeq: 5, reason: 'removed' });
    expect(verifyAuditChain(full, head)).toEqual({ ok: true, count: 6 });
  });

  it('detects two swapped entries, with or without renumbering', () => {
    const entries = buildChain(6);
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    expect(verifyAuditChain(entries)).toEqual({ ok: false, brokenAtSeq: 3, reason: 'reordered' });

    const renumbered = buildChain(6);
    const a = renumbered[2]!;
    const b = renumbered[3]!;
    renumbered[2] = { ...b, seq: 3 };
    renumbered[3] = { ...a, seq: 4 };
    expect(verifyAuditChain(renumbered)).toMatchObject({ ok: false, brokenAtSeq: 3 });
  });

  it('detects a first entry that does not start at the genesis hash', () => {
    const entries = buildChain(3);
    const { hash: _h, ...rest } = { ...entries[0]!, prevHash: 'a'.repeat(64) };
    entries[0] = { ...rest, hash: auditHash(rest) };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, brokenAtSeq: 1, reason: 'bad-genesis' });
  });

  it('treats an entry that no longer fits the schema as edited', () => {
    const entries: unknown[] = buildChain(3);
    entries[1] = { ...(entries[1] as AuditEntry), action: 'teleport' };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, brokenAtSeq: 2, reason: 'edited' });
  });
});
